// The bad-input catalogue (issue #10, point 1): hostile and odd files made at
// test time from good ones, for every kind of input the workbench reads —
// images, videos, safetensors weights, torch.save .bin checkpoints, .npy
// landmarks and FaceInstruct data.
// Each entry says what a correct program does with it: refuse it with an error
// naming the file, or (for valid but unusual files such as variable frame rate
// or rotated video) decode it correctly.
//
// Nothing is stored in the repository: build_catalogue() writes every file into
// a fresh folder. Media entries need FACELLAVA_HAVE_MEDIA (they are made with
// core's own image and video writers and FFmpeg's muxer); the others are plain
// bytes.
#pragma once

#include <string>
#include <vector>

namespace facellava::hostile {

enum class InputKind { Image, Video, Safetensors, TorchBin, Npy, FaceInstruct };

enum class Outcome {
    Refused,           // an error naming the file, nothing decoded
    RefusedTooLarge,   // refused by the header check, before any pixel is allocated
    DecodesOrRefused,  // bit-flipped payload: decodes to the right size, or refused naming the file
    Decodes,           // valid but unusual: decoded correctly (see the entry's note)
};

struct CatalogueEntry {
    std::string name;  // unique, e.g. "jpeg_truncated"
    std::string path;  // absolute
    InputKind kind = InputKind::Image;
    Outcome outcome = Outcome::Refused;
    std::string note;  // what is wrong with it, for failure messages
};

struct Catalogue {
    std::string dir;
    // The good files the bad ones were made from.
    std::string good_jpeg;       // kGoodWidth × kGoodHeight
    std::string good_video;      // kVideoFrames frames, 25 fps, mpeg4 in MP4
    std::string good_npy;        // (68, 2) float32 landmarks
    std::string good_weights;    // safetensors: "w" (2, 3) F32, "b" (3) F32
    std::string good_torch_bin;  // torch.save zip: "w" (2, 2) float32 1, 2, 3, 4
    std::vector<CatalogueEntry> entries;

    const CatalogueEntry& at(const std::string& name) const;  // aborts the test when absent
    std::vector<CatalogueEntry> of_kind(InputKind kind) const;
    std::vector<CatalogueEntry> media() const;  // images and videos
};

constexpr int kGoodWidth = 160;
constexpr int kGoodHeight = 128;
constexpr int kVideoFrames = 24;
// The variable-frame-rate entry ("video_vfr"): frame k is shown at
// vfr_time_ms(k) (gaps alternate 40 and 120 ms) and shows code k.
int vfr_time_ms(int k);
// The rotated entry ("video_rotated_90"): coded kGoodWidth × kGoodHeight with a
// display matrix turning it 90° clockwise.
constexpr int kRotation = 90;

// Frame k of the test videos shows k in binary as 4 × 2 black/white blocks;
// read_code() reads it back (-1 when the picture is not a clean code).
int read_code(int width, int height, const unsigned char* rgb);

// Writes the whole catalogue into `dir` (created when missing).
Catalogue build_catalogue(const std::string& dir);

// Small helpers the tests share.
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);
const char* kind_name(InputKind kind);

}  // namespace facellava::hostile
