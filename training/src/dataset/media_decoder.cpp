#include "dataset/media_decoder.h"

#include "facellava/core/error.h"
#include "facellava/training/face_instruct_reader.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#endif

namespace facellava::training {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA
class CoreMediaDecoder final : public MediaDecoder {
  public:
    ImageRGB load_image(const std::string& path) const override {
        return facellava::load_image(path);
    }
    DecodedVideo load_video(const std::string& path, int64_t count) const override {
        VideoReader reader(path);  // one reader per call: readers are not thread-safe
        DecodedVideo video;
        video.total_frames = reader.info().frame_count;
        if (video.total_frames <= 0)
            throw Error("video has no frames", path, "check the file");
        video.frame_indices = uniform_frame_indices(video.total_frames, count);
        for (int64_t index : video.frame_indices)
            video.frames.push_back(reader.frame_at(index));
        return video;
    }
};
#else
class UnavailableMediaDecoder final : public MediaDecoder {
  public:
    ImageRGB load_image(const std::string& path) const override { fail(path); }
    DecodedVideo load_video(const std::string& path, int64_t) const override { fail(path); }

  private:
    [[noreturn]] static void fail(const std::string& path) {
        throw Error(
            "this build cannot decode images or videos (built without FFmpeg/OpenCV)", path,
            "rebuild with -DFACELLAVA_WITH_MEDIA=ON, or train with a build that has media support");
    }
};
#endif

}  // namespace

DecodedVideo MediaDecoder::load_frame_folder(const std::string& dir, int64_t count) const {
    const auto files = list_frame_files(dir);
    if (files.empty())
        throw Error("video frame folder has no images", dir,
                    "put the frames (jpg/png) in the folder");
    DecodedVideo video;
    video.total_frames = int64_t(files.size());
    video.frame_indices = uniform_frame_indices(video.total_frames, count);
    for (int64_t index : video.frame_indices)
        video.frames.push_back(load_image(files[size_t(index)]));
    return video;
}

std::shared_ptr<const MediaDecoder> default_media_decoder() {
#ifdef FACELLAVA_HAVE_MEDIA
    static const auto decoder = std::make_shared<const CoreMediaDecoder>();
#else
    static const auto decoder = std::make_shared<const UnavailableMediaDecoder>();
#endif
    return decoder;
}

std::vector<int64_t> uniform_frame_indices(int64_t n, int64_t count) {
    std::vector<int64_t> out;
    if (n <= 0 || count <= 0)
        return out;
    if (count == 1)
        return {0};
    // numpy: step = (stop - start) / (num - 1); y = arange(num) * step; y[-1] = stop.
    const double step = double(n - 1) / double(count - 1);
    for (int64_t i = 0; i < count; ++i)
        out.push_back(i == count - 1 ? n - 1 : int64_t(double(i) * step));
    return out;
}

}  // namespace facellava::training
