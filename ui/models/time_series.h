// Per-face values sampled along a video, for the plots under the video.
#pragma once

#include <QMetaType>
#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "models/frame_analysis.h"

namespace facellava::ui {

struct FaceSample {
    std::array<float, kExpressionCount> expression{};
    float age = 0;
    bool has_pose = false;
    double yaw = 0, pitch = 0, roll = 0;
};

struct TimeSample {
    int64_t frame = 0;
    double timestamp_s = 0;
    std::map<int, FaceSample> faces;  // tracked face id → values
};

struct TimeSeries {
    QString media;
    double duration_s = 0;
    std::vector<TimeSample> samples;
    std::vector<int> face_ids() const;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::TimeSeries)
