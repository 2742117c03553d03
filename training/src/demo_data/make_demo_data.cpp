// The run: photos → faces → crops → teacher labels + landmarks + cues → files.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "demo_data/demo_augment.h"
#include "demo_data/demo_writer.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/core/npy.h"
#include "facellava/core/sha256.h"
#include "facellava/training/demo_data.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// The teacher's view of one crop as written: its only face, that face's
// labels and 68 landmarks (crop pixels).
struct CropTeaching {
    TeacherLabels labels;
    Landmarks68 landmarks;
};

std::optional<CropTeaching> teach(const pipeline::AnalysisModels& models, const ImageRGB& crop,
                                  float min_score) {
    const ImageRGB canvas = demo_teacher_canvas(crop);
    const float offset = float(demo_teacher_margin(crop.width));
    const auto faces = models.faceapi->detect(canvas, min_score);
    if (faces.size() != 1)
        return std::nullopt;
    const perception::FacePerception p = models.faceapi->analyze_face(canvas, faces[0].box);
    CropTeaching t;
    t.labels.expression = p.expression;
    t.labels.expression_index = expression_argmax(p.expression);
    t.labels.age = p.age;
    t.labels.gender = p.gender;
    t.labels.gender_probability = p.gender_probability;
    if (models.dlib_landmarks) {
        const FaceBox box{float(faces[0].box.x) - offset, float(faces[0].box.y) - offset,
                          float(faces[0].box.width), float(faces[0].box.height), faces[0].score};
        t.landmarks = models.dlib_landmarks->fit(crop, box);
    } else {
        for (int i = 0; i < Landmarks68::kPoints; ++i) {
            t.landmarks.xy[size_t(2 * i)] = p.landmarks[size_t(i)].x - offset;
            t.landmarks.xy[size_t(2 * i + 1)] = p.landmarks[size_t(i)].y - offset;
        }
    }
    return t;
}

// Faces that pass the filters, left to right (then top to bottom), so f0 is
// the leftmost face whatever the detector's score order.
std::vector<FaceBox> photo_faces(const pipeline::AnalysisModels& models, const ImageRGB& image,
                                 const DemoDataOptions& options) {
    std::vector<FaceBox> boxes;
    for (const auto& d : models.faceapi->detect(image, options.min_score)) {
        if (d.score < options.min_score ||
            std::min(d.box.width, d.box.height) < double(options.min_face_px))
            continue;
        boxes.push_back(
            {float(d.box.x), float(d.box.y), float(d.box.width), float(d.box.height), d.score});
    }
    std::sort(boxes.begin(), boxes.end(), [](const FaceBox& a, const FaceBox& b) {
        return a.x != b.x ? a.x < b.x : a.y < b.y;
    });
    return boxes;
}

bool cancelled(const DemoDataCallbacks& callbacks) {
    return callbacks.cancel && callbacks.cancel->load();
}

}  // namespace

int demo_teacher_margin(int crop_size) {
    return crop_size / 2;
}

ImageRGB demo_teacher_canvas(const ImageRGB& crop) {
    const int m = demo_teacher_margin(crop.width);
    ImageRGB canvas;
    canvas.width = crop.width + 2 * m;
    canvas.height = crop.height + 2 * m;
    canvas.pixels.resize(size_t(canvas.width) * size_t(canvas.height) * 3);
    for (size_t i = 0; i < canvas.pixels.size(); i += 3) {
        canvas.pixels[i] = kTeacherPad[0];
        canvas.pixels[i + 1] = kTeacherPad[1];
        canvas.pixels[i + 2] = kTeacherPad[2];
    }
    for (int y = 0; y < crop.height; ++y)
        std::copy_n(crop.row(y), size_t(crop.width) * 3, canvas.row(y + m) + size_t(m) * 3);
    return canvas;
}

void DemoDataOptions::validate() const {
    if (output_dir.empty())
        throw Error("no output folder given");
    if (variants < 1 || variants > 1000)
        throw Error("variants must be 1 to 1000, got " + std::to_string(variants));
    if (!(min_score > 0.0f && min_score < 1.0f))
        throw Error("min_score must lie in (0, 1), got " + std::to_string(min_score));
    if (min_face_px < 1)
        throw Error("min_face_px must be at least 1, got " + std::to_string(min_face_px));
    if (crop_size < 64 || crop_size > 1024)
        throw Error("crop_size must be 64 to 1024, got " + std::to_string(crop_size));
}

DemoDataResult make_demo_data(const DemoDataOptions& options,
                              const pipeline::AnalysisModels& models,
                              const DemoDataCallbacks& callbacks) {
    options.validate();
    if (!models.faceapi)
        throw Error("make_demo_data needs the face-api nets (models.faceapi)");
    const auto start = Clock::now();
    DemoDataResult result;
    auto note = [&](const std::string& text) {
        result.notes.push_back(text);
        if (callbacks.on_note)
            callbacks.on_note(text);
    };

    const std::vector<DemoSource> sources =
        options.sources.empty() ? default_demo_sources(AssetLocator::from_environment())
                                : options.sources;
    std::vector<std::string> discovery_notes;
    result.photos = discover_demo_photos(options, sources, &discovery_notes);
    for (const auto& text : discovery_notes)
        note(text);
    for (const auto& source : sources) {
        DemoSourceSummary summary;
        summary.source = source;
        std::error_code ec;
        summary.found = fs::exists(source.path, ec);
        result.sources.push_back(summary);
    }
    if (std::none_of(result.photos.begin(), result.photos.end(),
                     [](const DemoPhoto& photo) { return photo.eval; }))
        note(
            "no eval photo among the sources: eval.json will be empty (name some with "
            "eval_photos / --eval-photos)");
    demo::prepare_output_dir(options.output_dir);
    const fs::path out(options.output_dir);

    std::vector<demo::PhotoRecord> photo_records(result.photos.size());
    std::vector<demo::CropRecord> crops;
    DemoProgress progress;
    progress.photos_total = result.photos.size();
    auto report = [&](double within_photo) {
        if (!callbacks.on_progress)
            return;
        progress.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
        progress.fraction =
            (double(progress.photos_done) + within_photo) / double(progress.photos_total);
        progress.eta_s = progress.fraction > 0.01
                             ? progress.elapsed_s * (1 - progress.fraction) / progress.fraction
                             : -1;
        callbacks.on_progress(progress);
    };

    for (size_t p = 0; p < result.photos.size(); ++p) {
        if (cancelled(callbacks))
            break;
        const DemoPhoto& photo = result.photos[p];
        demo::PhotoRecord& record = photo_records[p];
        DemoSourceSummary& source = result.sources[photo.source];
        progress.current = photo.name;
        report(0);
        ImageRGB image;
        try {
            image = load_image(photo.path);
            record.sha256 = sha256_file(photo.path);
        } catch (const Error& e) {
            if (!options.skip_bad)
                throw;
            record.error = e.what();
            result.skipped.push_back(photo.path + ": " + e.what());
            note("skipped " + photo.path + ": " + e.what());
            ++progress.photos_done;
            continue;
        }
        ++source.photos;
        const std::vector<FaceBox> faces = photo_faces(models, image, options);
        record.faces = faces.size();
        source.faces += faces.size();
        progress.faces += faces.size();
        if (faces.empty())
            note(photo.name + ": no face found; left out");
        const int per_face = photo.eval ? 1 : options.variants;
        const double steps = double(std::max<size_t>(1, faces.size())) * per_face;
        for (size_t k = 0; k < faces.size() && !cancelled(callbacks); ++k) {
            for (int j = 0; j < per_face && !cancelled(callbacks); ++j) {
                const std::string id =
                    photo.stem + "_f" + std::to_string(k) + "_v" + std::to_string(j);
                ImageRGB crop;
                try {
                    crop = j == 0
                               ? crop_face_square(image, faces[k], options.crop_size).image
                               : demo::augmented_crop(image, faces[k],
                                                      demo::draw_augment_params(options.seed, id),
                                                      options.crop_size);
                } catch (const Error&) {
                    ++record.crops_dropped;  // the box lies outside the photo
                    continue;
                }
                std::optional<CropTeaching> teaching = teach(models, crop, options.crop_min_score);
                FaceCues cues;
                if (teaching) {
                    try {
                        cues = measure_face_cues(teaching->landmarks, options.crop_size);
                    } catch (const Error&) {
                        teaching.reset();  // degenerate landmarks
                    }
                }
                if (!teaching) {
                    ++record.crops_dropped;
                    report(double(k * size_t(per_face) + size_t(j) + 1) / steps);
                    continue;
                }
                save_image_png(crop, (out / "images" / (id + ".png")).string());
                write_npy((out / "landmarks" / (id + ".npy")).string(), {Landmarks68::kPoints, 2},
                          std::vector<float>(teaching->landmarks.xy.begin(),
                                             teaching->landmarks.xy.end()));
                crops.push_back({id, p, photo.eval, teaching->labels, cues});
                ++record.crops_kept;
                ++progress.crops_kept;
                report(double(k * size_t(per_face) + size_t(j) + 1) / steps);
            }
        }
        source.crops_kept += record.crops_kept;
        source.crops_dropped += record.crops_dropped;
        if (!cancelled(callbacks))
            ++progress.photos_done;
    }
    result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    if (cancelled(callbacks)) {
        result.cancelled = true;
        return result;
    }
    report(0);

    const auto train = demo::split_samples(crops, false, options, result.train);
    const auto eval = demo::split_samples(crops, true, options, result.eval);
    result.train_json = (out / "train.json").string();
    result.eval_json = (out / "eval.json").string();
    result.manifest_json = (out / "manifest.json").string();
    write_file_atomically(result.train_json, train.dump(2) + "\n");
    write_file_atomically(result.eval_json, eval.dump(2) + "\n");
    const auto manifest = demo::manifest_json(options, sources, result.photos, photo_records,
                                              result, models.dlib_landmarks != nullptr);
    write_file_atomically(result.manifest_json, manifest.dump(2) + "\n");
    result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

}  // namespace facellava::training
