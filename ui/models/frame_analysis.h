// What the analysis of one frame found, in image pixels, as the overlays, the
// analysis panel and the chat use it. Plain values: built on a worker thread,
// handed to the GUI thread by a queued signal.
#pragma once

#include <QMetaType>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "facellava/model/attention_map.h"

namespace facellava::ui {

inline constexpr int kExpressionCount = 7;

// Which frame of which file: overlays are drawn only on the frame they were
// computed from.
struct FrameKey {
    QString media;      // absolute path
    int64_t frame = 0;  // 0 for still images
    bool operator==(const FrameKey& other) const {
        return frame == other.frame && media == other.media;
    }
    bool operator!=(const FrameKey& other) const { return !(*this == other); }
    bool isValid() const { return !media.isEmpty(); }
};

struct PoseResult {
    double yaw = 0, pitch = 0, roll = 0;  // degrees (core/head_pose.h conventions)
    double reprojection_error = 0;        // scale-free fit error; > 0.1 is doubtful
    // The head's axes drawn from the nose tip, projected into the image.
    QPointF origin, x_axis, y_axis, z_axis;
};

// Face-LLaVA's answer to one of the standard task questions about a face
// (pipeline/model_tasks.h), with the label parsed from it.
struct TaskAnswer {
    QString task;    // "expression", "action_units", …
    QString answer;  // the model's text
    QString label;   // parsed; empty when the answer names none
    bool operator==(const TaskAnswer& o) const {
        return task == o.task && answer == o.answer && label == o.label;
    }
};

// One eye's gaze drawn as an arrow in image pixels (models/face_records.h
// says how the 3D direction is projected).
struct GazeArrow {
    QPointF from;  // the iris centre
    QPointF to;
};

struct GazeResult {
    double angle_x = 0;  // degrees, OpenFace's gaze_angle_x (> 0: towards the image's right)
    double angle_y = 0;  // degrees, gaze_angle_y (> 0: down)
    std::array<GazeArrow, 2> arrows{};  // eye 0 (leftmost in the image), eye 1
};

struct FaceResult {
    int face_id = 0;
    QRectF box;
    float score = 0;
    std::array<QPointF, 68> landmarks{};
    std::array<float, kExpressionCount> expression{};  // FaceAnalyzer::expression_labels() order
    float age = 0;
    QString gender;
    float gender_probability = 0;
    std::optional<PoseResult> pose;
    std::vector<TaskAnswer> answers;  // asked on demand; empty until then

    // The optional outputs (Settings, pipeline::OptionalOutputs); empty or
    // absent when not measured. Not kept in sessions: a frame restored from
    // one shows none.
    std::vector<QPointF> mesh;  // MediaPipe's 478 points (468–477 the irises), image pixels
    std::optional<GazeResult> gaze;
    std::optional<float> eye_openness_right;  // the subject's right eye, eye aspect ratio
    std::optional<float> eye_openness_left;
    QString identity;  // "person_1", … within the frame; empty when not measured
    float identity_similarity = 0;
    std::optional<float> antispoof;  // presentation-attack scores in [0, 1]
    std::optional<float> liveness;

    int dominantExpression() const;
};

struct FrameAnalysis {
    FrameKey key;
    QSize image_size;
    QString detector;  // "face-api" or "dlib"
    double elapsed_ms = 0;
    std::vector<FaceResult> faces;

    const FaceResult* face(int face_id) const;
    FaceResult* face(int face_id);
};

// FRGCA attention of one face: one map per region over the face crop.
struct FaceAttention {
    FrameKey key;
    int face_id = 0;
    QRectF crop_rect;  // the crop in image pixels (where the maps are drawn)
    std::vector<model::RegionAttentionMap> maps;
};

// v rounded to float32, the precision the session store keeps boxes and
// landmarks in, so what the window shows is exactly what a reopened session
// shows. Through a volatile: GCC 12 at -O2 drops a plain double(float(v))
// round trip when the result goes into a QPointF or QRectF.
inline double to_float32(double v) {
    volatile float rounded = float(v);
    return rounded;
}

// The expression names, translated for display, in analyser order.
QString expression_display_name(int index);

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::FrameKey)
Q_DECLARE_METATYPE(facellava::ui::FrameAnalysis)
Q_DECLARE_METATYPE(facellava::ui::FaceAttention)
