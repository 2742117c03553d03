#include "batch_visuals.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "facellava/core/error.h"
#include "facellava/core/face_overlay.h"
#include "facellava/core/faces.h"
#include "facellava/model/face_analyzer.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

// The input's path below the job root without its extension.
std::string input_stem(const InputFile& input) {
    return (fs::path(input.relative).parent_path() / fs::path(input.relative).stem()).string();
}

// frame000012_face1.jpg: sortable by name, as OpenFace's frame_det_00_000012.bmp.
std::string crop_name(const FaceRecord& record) {
    char name[64];
    std::snprintf(name, sizeof name, "frame%06lld_face%d.jpg", static_cast<long long>(record.frame),
                  record.face_id);
    return name;
}

void replace_with(const std::string& partial, const std::string& target) {
    std::error_code ec;
    fs::remove_all(target, ec);
    fs::rename(partial, target, ec);
    if (ec)
        throw Error("cannot move " + partial + " into place: " + ec.message(), target,
                    "check that the output folder is writable and not full");
}

// The frame grown to even sides by repeating its last column / row: the
// encoder's 4:2:0 chroma needs them (a 1-px border, no rescaling).
ImageRGB even_sized(const ImageRGB& image) {
    if (image.width % 2 == 0 && image.height % 2 == 0)
        return image;
    ImageRGB out;
    out.width = image.width + image.width % 2;
    out.height = image.height + image.height % 2;
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = 0; y < out.height; ++y) {
        const uint8_t* src = image.row(std::min(y, image.height - 1));
        uint8_t* dst = out.row(y);
        std::copy(src, src + size_t(image.width) * 3, dst);
        if (out.width > image.width)
            std::copy(src + size_t(image.width - 1) * 3, src + size_t(image.width) * 3,
                      dst + size_t(image.width) * 3);
    }
    return out;
}

}  // namespace

std::string face_caption(const FaceRecord& record) {
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    const auto top = std::max_element(record.expression.begin(), record.expression.end());
    std::string caption = "#" + std::to_string(record.face_id) + " " +
                          labels[size_t(top - record.expression.begin())];
    for (const TaskAnswer& answer : record.answers)
        if (!answer.label.empty())
            caption += " | " + answer.label;
    return caption;
}

std::string BatchVisuals::crops_dir(const std::string& output_dir, const InputFile& input) {
    return (fs::path(output_dir) / "crops" / input_stem(input)).string();
}

std::string BatchVisuals::overlay_path(const std::string& output_dir, const InputFile& input) {
    return (fs::path(output_dir) / "overlay" / input_stem(input)).string() + ".mp4";
}

void BatchVisuals::remove_all(const std::string& output_dir) {
    std::error_code ec;
    fs::remove_all(fs::path(output_dir) / "crops", ec);
    fs::remove_all(fs::path(output_dir) / "overlay", ec);
}

BatchVisuals::BatchVisuals(const std::string& output_dir, const InputFile& input,
                           const BatchVisualsOptions& options)
    : options_(options),
      crops_dir_(crops_dir(output_dir, input)),
      crops_partial_(crops_dir_ + ".partial"),
      overlay_path_(overlay_path(output_dir, input)),
      overlay_partial_(overlay_path_.substr(0, overlay_path_.size() - 4) + ".partial.mp4") {}

BatchVisuals::~BatchVisuals() {
    overlay_.reset();  // closes the file before it is removed
    remove_partial();
}

void BatchVisuals::remove_partial() noexcept {
    std::error_code ec;
    fs::remove_all(crops_partial_, ec);
    fs::remove(overlay_partial_, ec);
}

void BatchVisuals::frame(const ImageRGB& image, const std::vector<FaceRecord>& records) {
    if (options_.crops) {
        if (!crops_started_) {
            remove_partial();  // a killed run's leftovers
            fs::create_directories(crops_partial_);
            crops_started_ = true;
        }
        for (const FaceRecord& record : records) {
            if (!record.success)
                continue;
            // The crop the engine is given (face_answers.cpp), byte for byte.
            const FaceCrop crop =
                crop_face_square(image, crop_source_box(record), options_.crop_size);
            save_image_jpeg(crop.image, crops_partial_ + "/" + crop_name(record));
        }
    }
    if (options_.overlay) {
        ImageRGB drawn = even_sized(image);
        if (!overlay_) {
            fs::create_directories(fs::path(overlay_partial_).parent_path());
            VideoWriterOptions writer;
            writer.fps = options_.overlay_fps;
            overlay_ =
                std::make_unique<VideoWriter>(overlay_partial_, drawn.width, drawn.height, writer);
        }
        for (const FaceRecord& record : records) {
            if (record.success)
                draw_face_overlay(drawn, record.box, &record.landmarks, face_caption(record),
                                  face_overlay_colour(record.face_id));
        }
        overlay_->write(drawn);
    }
}

void BatchVisuals::commit() {
    if (overlay_) {
        overlay_->finish();
        overlay_.reset();
        replace_with(overlay_partial_, overlay_path_);
    }
    if (crops_started_) {
        replace_with(crops_partial_, crops_dir_);
        crops_started_ = false;
    }
}

}  // namespace facellava::pipeline
