// The bad-input catalogue against the libraries: media decoding (core), the
// safetensors reader (model/io), .npy landmarks (core) and the FaceInstruct
// reader (training). Every bad file is refused with a facellava::Error naming
// it (or, for FaceInstruct, an issue naming it); valid but odd files decode
// correctly.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <string>

#include "bad_input_catalogue.h"
#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "facellava/training/face_instruct_reader.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "io/torch_archive.h"
#include "test_support.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#endif

namespace facellava::hostile {
namespace {

const Catalogue& catalogue() {
    static const Catalogue c = build_catalogue(test::make_temp_dir("hostile-lib"));
    return c;
}

// Runs `fn`, which must throw a facellava::Error naming `path`; returns its brief.
template <typename Fn>
std::string expect_error_naming(const CatalogueEntry& entry, Fn fn) {
    try {
        fn();
        ADD_FAILURE() << entry.name << " (" << entry.note << "): accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), entry.path) << entry.name << ": " << e.what();
        EXPECT_NE(std::string(e.what()).find(entry.path), std::string::npos) << e.what();
        return e.brief();
    } catch (const std::exception& e) {
        ADD_FAILURE() << entry.name << ": not a facellava::Error: " << e.what();
    }
    return {};
}

TEST(HostileSafetensors, EveryBadFileIsRefusedNamingIt) {
    const auto entries = catalogue().of_kind(InputKind::Safetensors);
    ASSERT_GE(entries.size(), 10u);
    for (const auto& entry : entries) {
        SCOPED_TRACE(entry.name);
        expect_error_naming(entry, [&] {
            io::SafetensorsFile file(entry.path);
            for (const auto& tensor : file.entries())
                (void)file.tensor(tensor.name);
        });
    }
    // The good file they were made from reads back exactly.
    io::SafetensorsFile good(catalogue().good_weights);
    EXPECT_FLOAT_EQ(good.tensor("b")[2].item<float>(), 8.0f);
}

// torch.save .bin checkpoints: opened by the lazy reader and by the loader;
// the pickles that would run a command leave no marker behind.
TEST(HostileTorchBin, EveryBadFileIsRefusedNamingIt) {
    const auto entries = catalogue().of_kind(InputKind::TorchBin);
    ASSERT_GE(entries.size(), 10u);
    for (const auto& entry : entries) {
        SCOPED_TRACE(entry.name);
        expect_error_naming(entry, [&] {
            io::TorchArchive archive(entry.path);
            for (const auto& tensor : archive.entries())
                (void)archive.tensor(tensor.name);
        });
        expect_error_naming(entry, [&] { io::load_state_dict(entry.path); });
    }
    EXPECT_FALSE(std::ifstream(catalogue().dir + "/pwned").good()) << "a pickle's command ran";
    io::TorchArchive good(catalogue().good_torch_bin);
    EXPECT_FLOAT_EQ(good.tensor("w")[1][1].item<float>(), 4.0f);
}

TEST(HostileNpy, EveryBadFileIsRefusedNamingIt) {
    const auto entries = catalogue().of_kind(InputKind::Npy);
    ASSERT_GE(entries.size(), 8u);
    for (const auto& entry : entries) {
        SCOPED_TRACE(entry.name);
        expect_error_naming(entry, [&] { read_npy(entry.path); });
    }
    EXPECT_EQ(read_npy(catalogue().good_npy).values.at(135), 135.0f);
}

TEST(HostileFaceInstruct, EveryBadFileYieldsAnIssueNamingItAndNoSample) {
    training::ReaderOptions options;
    options.image_root = catalogue().dir;
    for (const auto& entry : catalogue().of_kind(InputKind::FaceInstruct)) {
        SCOPED_TRACE(entry.name);
        const auto result = training::read_face_instruct_file(entry.path, options);
        if (entry.name == "fi_missing_media") {
            // Well-formed: the missing photo is the catalog's check (and the
            // CLI's, HostileCli.TrainRefusesBadDataAndWeightsNamingThem).
            EXPECT_EQ(result.samples.size(), 1u);
            continue;
        }
        EXPECT_TRUE(result.samples.empty()) << entry.note;
        ASSERT_FALSE(result.issues.empty()) << entry.note;
        for (const auto& issue : result.issues)
            EXPECT_EQ(issue.file, entry.path) << issue.describe();
    }
    const auto wrong =
        training::read_face_instruct_file(catalogue().at("fi_wrong_types").path, options);
    EXPECT_EQ(wrong.entries, 3);
    EXPECT_EQ(wrong.issues.size(), 3u);  // one per entry, each with its index
}

#ifdef FACELLAVA_HAVE_MEDIA

TEST(HostileImages, BadImagesAreRefusedNamingThemAndOddOnesDecode) {
    for (const auto& entry : catalogue().of_kind(InputKind::Image)) {
        SCOPED_TRACE(entry.name);
        switch (entry.outcome) {
            case Outcome::Refused:
                expect_error_naming(entry, [&] { load_image(entry.path); });
                break;
            case Outcome::RefusedTooLarge: {
                const std::string brief =
                    expect_error_naming(entry, [&] { load_image(entry.path); });
                EXPECT_NE(brief.find("too large"), std::string::npos) << brief;
                break;
            }
            case Outcome::DecodesOrRefused:
                try {
                    const ImageRGB image = load_image(entry.path);
                    EXPECT_EQ(image.width, kGoodWidth);
                    EXPECT_EQ(image.height, kGoodHeight);
                } catch (const Error& e) {
                    EXPECT_EQ(e.path(), entry.path) << e.what();
                }
                break;
            case Outcome::Decodes: {
                const ImageRGB image = load_image(entry.path);
                ASSERT_EQ(image.width, kGoodWidth);
                EXPECT_EQ(read_code(image.width, image.height, image.pixels.data()), 0x5A);
                EXPECT_EQ(probe_media_kind(entry.path), MediaKind::Image);
                break;
            }
        }
    }
}

// 60000 × 60000 RGB is 10.8 GB: in a child whose address space may grow by
// 512 MiB only, the loader must still give its "too large" error (the header
// check), not run out of memory in a decoder.
TEST(HostileImages, AbsurdDimensionsAreRefusedBeforeAllocating) {
    for (const char* name : {"jpeg_absurd_dimensions", "png_absurd_dimensions"}) {
        const std::string path = catalogue().at(name).path;
        long pages = 0;
        {
            std::ifstream statm("/proc/self/statm");
            statm >> pages;
        }
        const rlim_t limit = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + (rlim_t(512) << 20);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            const rlimit rl{limit, limit};
            setrlimit(RLIMIT_AS, &rl);
            int code = 3;
            try {
                load_image(path);
                code = 1;  // accepted
            } catch (const Error& e) {
                code = std::string(e.brief()).find("too large") != std::string::npos &&
                               e.path() == path
                           ? 0
                           : 2;
            } catch (...) {
                code = 4;  // bad_alloc: a decoder tried
            }
            _exit(code);
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status)) << name << ": child died";
        EXPECT_EQ(WEXITSTATUS(status), 0)
            << name << " (1 accepted, 2 other error, 4 out of memory)";
    }
}

TEST(HostileVideos, BadVideosAreRefusedNamingThem) {
    for (const auto& entry : catalogue().of_kind(InputKind::Video)) {
        if (entry.outcome == Outcome::Decodes)
            continue;
        SCOPED_TRACE(entry.name);
        const auto read_all = [&] {
            VideoReader reader(entry.path);
            ImageRGB frame;
            int64_t index = 0;
            double ts = 0;
            int64_t frames = 0;
            while (reader.next(frame, index, ts)) {
                EXPECT_EQ(frame.width, kGoodWidth);
                ++frames;
            }
            EXPECT_LE(frames, kVideoFrames);
        };
        if (entry.outcome == Outcome::Refused) {
            expect_error_naming(entry, read_all);
            // Nothing to sniff a video in (the lying index does look like one).
            if (entry.name == "mp4_zero_bytes" || entry.name == "video_no_video_stream") {
                EXPECT_EQ(probe_media_kind(entry.path), MediaKind::Unknown) << entry.note;
            }
        } else {
            try {
                read_all();
            } catch (const Error& e) {
                EXPECT_EQ(e.path(), entry.path) << e.what();
            }
        }
    }
}

TEST(HostileVideos, VariableFrameRateKeepsEveryFrameAtItsOwnTime) {
    VideoReader reader(catalogue().at("video_vfr").path);
    EXPECT_EQ(reader.info().frame_count, kVideoFrames);
    ImageRGB frame;
    int64_t index = 0;
    int64_t last_index = -1;
    double ts = 0;
    int k = 0;
    while (reader.next(frame, index, ts)) {
        SCOPED_TRACE(k);
        EXPECT_EQ(read_code(frame.width, frame.height, frame.pixels.data()), k);
        EXPECT_NEAR(ts, vfr_time_ms(k) / 1000.0, 0.0015);
        EXPECT_GT(index, last_index);
        last_index = index;
        ++k;
    }
    EXPECT_EQ(k, kVideoFrames);
    EXPECT_FALSE(reader.ended_early());
    // frame_at(i) is the frame on screen at i / fps: the last one whose
    // presentation starts at or before that time (as index_at() means it).
    const double fps = reader.info().fps;
    ASSERT_GT(fps, 0);
    for (int64_t i : {int64_t(3), int64_t(9), int64_t(14)}) {
        int expected = 0;
        while (expected + 1 < kVideoFrames &&
               vfr_time_ms(expected + 1) <= 1000.0 * double(i) / fps + 0.5)
            ++expected;
        const ImageRGB at = reader.frame_at(i);
        EXPECT_EQ(read_code(at.width, at.height, at.pixels.data()), expected)
            << "frame_at(" << i << ")";
    }
}

TEST(HostileVideos, RotationMetadataTurnsFramesUpright) {
    VideoReader reader(catalogue().at("video_rotated_90").path);
    const VideoInfo& info = reader.info();
    EXPECT_EQ(info.rotation_degrees, kRotation);
    EXPECT_EQ(info.width, kGoodHeight);
    EXPECT_EQ(info.height, kGoodWidth);
    const ImageRGB upright = reader.frame_at(5);
    ASSERT_EQ(upright.width, kGoodHeight);
    const ImageRGB back = rotate_image_clockwise(upright, 360 - kRotation);
    EXPECT_EQ(read_code(back.width, back.height, back.pixels.data()), 5);
}

#endif

}  // namespace
}  // namespace facellava::hostile
