// Builders for the training tests: a checkpoint folder made of the
// facellava_tiny fixtures, and tiny FaceInstruct-format datasets written to a
// temporary folder (PNG images, a video file, a frame folder, landmark .npy
// files, JSON). Media writing needs the media build (FACELLAVA_HAVE_MEDIA).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "facellava/core/image.h"
#include "facellava/core/npy.h"
#include "test_support.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#include "facellava/core/video_writer.h"
#endif

namespace facellava::training::testdata {

namespace fs = std::filesystem;
using Json = nlohmann::json;

inline void write_text(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A checkpoint folder in the layout facellava/model/engine.h documents, from
// the tiny fixtures (config with embedded tower configs, towers in sub-folders).
inline std::string make_tiny_checkpoint(const std::string& parent) {
    const fs::path dir = fs::path(parent) / "tiny_checkpoint";
    fs::create_directories(dir / "image_tower");
    fs::create_directories(dir / "video_tower");
    fs::copy_file(test::fixture("facellava_tiny.config.json"), dir / "config.json");
    fs::copy_file(test::fixture("tiny_llama_spm.model"), dir / "tokenizer.model");
    fs::copy_file(test::fixture("facellava_tiny.weights.safetensors"), dir / "model.safetensors");
    fs::copy_file(test::fixture("clip_image_tower.weights.safetensors"),
                  dir / "image_tower" / "model.safetensors");
    fs::copy_file(test::fixture("facellava_tiny.video_tower.safetensors"),
                  dir / "video_tower" / "model.safetensors");
    return dir.string();
}

// A deterministic picture: gradients and a block whose place depends on `seed`.
inline ImageRGB pattern_image(int width, int height, int seed) {
    ImageRGB img;
    img.width = width;
    img.height = height;
    img.pixels.resize(size_t(width) * size_t(height) * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t* p = img.row(y) + size_t(x) * 3;
            const bool block = (x / 8 + y / 8 + seed) % 3 == 0;
            p[0] = uint8_t((x * 7 + seed * 40) % 256);
            p[1] = uint8_t((y * 5 + seed * 90) % 256);
            p[2] = uint8_t(block ? 230 : 20 + seed * 30 % 200);
        }
    }
    return img;
}

// 68 points inside the 256-px crop, varied by seed; (rows, 68, 2) or (68, 2).
inline void write_landmarks(const std::string& path, int64_t rows, int seed, bool video) {
    fs::create_directories(fs::path(path).parent_path());
    std::vector<float> values;
    for (int64_t r = 0; r < std::max<int64_t>(rows, 1); ++r) {
        for (int i = 0; i < 68; ++i) {
            values.push_back(float(40 + (i * 13 + seed * 17 + r * 3) % 170));
            values.push_back(float(50 + (i * 29 + seed * 11 + r * 5) % 160));
        }
    }
    if (video) {
        write_npy(path, {rows, 68, 2}, values);
    } else {
        write_npy(path, {68, 2}, values);
    }
}

inline Json turn(bool human, const std::string& value) {
    return Json{{"from", human ? "human" : "gpt"}, {"value", value}};
}

#ifdef FACELLAVA_HAVE_MEDIA
inline void write_png(const std::string& path, const ImageRGB& image) {
    fs::create_directories(fs::path(path).parent_path());
    save_image_png(image, path);
}

inline void write_video(const std::string& path, int frames, int seed) {
    fs::create_directories(fs::path(path).parent_path());
    VideoWriter writer(path, 32, 32);
    for (int f = 0; f < frames; ++f)
        writer.write(pattern_image(32, 32, seed + f));
    writer.finish();
}

// A small multi-task dataset under `root`: images/ videos/ landmarks/ and
// `name`.json. Samples cycle through: single-turn image, multi-turn image,
// video file, video frame folder. Answers are unique per sample.
inline std::string make_dataset(const std::string& root, const std::string& name, int samples) {
    Json list = Json::array();
    const std::vector<std::string> emotions = {"Happy",     "Sad",     "Angry",
                                               "Surprised", "Neutral", "Fearful"};
    for (int i = 0; i < samples; ++i) {
        const std::string emotion = emotions[size_t(i) % emotions.size()];
        Json s;
        switch (i % 4) {
            case 0:
            case 1: {
                const std::string image = "img_" + std::to_string(i) + ".png";
                write_png((fs::path(root) / "images" / image).string(), pattern_image(40, 36, i));
                const std::string lm = "landmarks/img_" + std::to_string(i) + ".npy";
                write_landmarks((fs::path(root) / "images" / lm).string(), 1, i, false);
                s["image"] = image;
                s["landmarks_2d"] = lm;
                if (i % 4 == 0) {
                    s["conversations"] =
                        Json::array({turn(true, "<image>\nWhat is the facial expression?"),
                                     turn(false, emotion + ". The face looks " + emotion + ".")});
                } else {
                    s["conversations"] = Json::array(
                        {turn(true, "<image>\nDescribe the face."),
                         turn(false, "A face, sample " + std::to_string(i) + "."),
                         turn(true, "Which emotion?"), turn(false, emotion + " it is.")});
                }
                break;
            }
            case 2: {
                const std::string video = "clip_" + std::to_string(i) + ".avi";
                write_video((fs::path(root) / "videos" / video).string(), 6, i);
                const std::string lm = "landmarks/clip_" + std::to_string(i) + ".npy";
                write_landmarks((fs::path(root) / "videos" / lm).string(), 6, i, true);
                s["video"] = video;
                s["landmarks_2d"] = lm;
                s["conversations"] = Json::array(
                    {turn(true, "<video>\nHow does the person feel?"),
                     turn(false, emotion + " over the clip " + std::to_string(i) + ".")});
                break;
            }
            default: {
                const std::string folder = "frames_" + std::to_string(i);
                for (int f = 0; f < 5; ++f) {
                    write_png(
                        (fs::path(root) / "videos" / folder / ("f" + std::to_string(f) + ".png"))
                            .string(),
                        pattern_image(32, 32, i * 3 + f));
                }
                s["video"] = folder;
                s["conversations"] = Json::array(
                    {turn(true, "<video>\nWhat happens to the face?"),
                     turn(false, "It turns " + emotion + ", case " + std::to_string(i) + ".")});
                break;
            }
        }
        list.push_back(s);
    }
    const std::string path = (fs::path(root) / (name + ".json")).string();
    write_text(path, list.dump(1));
    return path;
}
#endif

}  // namespace facellava::training::testdata
