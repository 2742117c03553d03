#include "bench_media.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/core/paths.h"
#include "facellava/core/video_writer.h"

namespace facellava::model::bench {

TempFolder::TempFolder(const std::string& tag) {
    std::error_code ec;
    const auto root = std::filesystem::temp_directory_path(ec);
    std::string pattern =
        (ec ? std::string("/tmp") : root.string()) + "/facellava-" + tag + "-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr)
        throw Error("cannot make a temporary folder for the benchmark inputs", pattern,
                    "set TMPDIR to a writable folder with a few hundred MB free");
    path_ = pattern;
}

TempFolder::~TempFolder() {
    remove_tree(path_);
}

std::vector<std::string> bench_photos() {
    return AssetLocator::from_environment().demo_photos();
}

void write_pan_video(const std::string& path, int width, int height, int frames) {
    const ImageRGB photo = load_image(bench_photos().at(0));
    const int scaled_height = std::max(height, photo.height * width / photo.width);
    const ImageRGB scaled = resize_image(photo, width, scaled_height, Interpolation::Area);
    VideoWriterOptions options;
    options.codec = "mpeg4";
    options.fps = 25.0;
    options.qscale = 4;
    VideoWriter writer(path, width, height, options);
    ImageRGB frame;
    frame.width = width;
    frame.height = height;
    frame.pixels.resize(size_t(width) * size_t(height) * 3);
    for (int i = 0; i < frames; ++i) {
        const int top = i % (scaled_height - height + 1);
        for (int y = 0; y < height; ++y)
            std::copy_n(scaled.row(top + y), size_t(width) * 3, frame.row(y));
        writer.write(frame);
    }
    writer.finish();
}

double peak_rss_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    return double(usage.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

}  // namespace facellava::model::bench
