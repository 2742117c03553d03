// The nine facial regions of the iBUG 68-point landmark scheme, as Face-LLaVA
// groups them (one landmark token per region, in this order). Torch-free so the
// GUI can label attention maps and draw region outlines from the same table
// the engine uses.
#pragma once

namespace facellava::model {

// Landmarks first..last (inclusive) of the iBUG 68-point order.
struct FaceRegion {
    const char* name;  // checkpoint key suffix: landmarks_projector.region_layers.<name>
    int first;
    int last;
};

inline constexpr int kNumLandmarks = 68;
inline constexpr int kNumFaceRegions = 9;

// Order matters: it is the order of the landmark tokens and of the last axis of
// every FRGCA attention tensor.
inline constexpr FaceRegion kFaceRegions[kNumFaceRegions] = {
    {"face", 0, 16},  {"eyebrow1", 17, 21}, {"eyebrow2", 22, 26},
    {"nose", 27, 30}, {"nostril", 31, 35},  {"eye1", 36, 41},
    {"eye2", 42, 47}, {"lips", 48, 59},     {"teeth", 60, 67},
};

inline constexpr int face_region_size(const FaceRegion& region) {
    return region.last - region.first + 1;
}

}  // namespace facellava::model
