#include "keyframe_tracking.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/box_overlap.h"

namespace facellava::pipeline {
namespace {

// Share of the box's area inside the frame.
double inside_share(const FaceBox& b, const ImageRGB& frame) {
    const double ix = std::max(
        0.0, std::min(double(b.x + b.w), double(frame.width)) - std::max(0.0, double(b.x)));
    const double iy = std::max(
        0.0, std::min(double(b.y + b.h), double(frame.height)) - std::max(0.0, double(b.y)));
    const double area = double(b.w) * b.h;
    return area > 0 ? ix * iy / area : 0.0;
}

}  // namespace

namespace {

struct Extent {
    double cx, cy, w, h;
};

Extent extent_of(const Landmarks68& points) {
    float x0 = points.xy[0], x1 = x0, y0 = points.xy[1], y1 = y0;
    for (int k = 1; k < Landmarks68::kPoints; ++k) {
        x0 = std::min(x0, points.xy[size_t(2 * k)]);
        x1 = std::max(x1, points.xy[size_t(2 * k)]);
        y0 = std::min(y0, points.xy[size_t(2 * k + 1)]);
        y1 = std::max(y1, points.xy[size_t(2 * k + 1)]);
    }
    return {0.5 * (double(x0) + x1), 0.5 * (double(y0) + y1), double(x1) - x0, double(y1) - y0};
}

}  // namespace

BoxMapping measure_box_mapping(const FaceBox& box, const Landmarks68& points) {
    const Extent e = extent_of(points);
    if (!(e.w > 0 && e.h > 0))
        return {};
    return {(box.x + 0.5 * box.w - e.cx) / e.w, (box.y + 0.5 * box.h - e.cy) / e.h, box.w / e.w,
            box.h / e.h};
}

FaceBox box_from_landmarks(const Landmarks68& points, const BoxMapping& mapping) {
    const Extent e = extent_of(points);
    const double cx = e.cx + mapping.centre_x * e.w, cy = e.cy + mapping.centre_y * e.h;
    const double w = mapping.width * e.w, h = mapping.height * e.h;
    return {float(cx - 0.5 * w), float(cy - 0.5 * h), float(w), float(h), 0.0f};
}

double landmark_fit(const FaceBox& box, const Landmarks68& points, const BoxMapping& mapping) {
    return box_iou(box, box_from_landmarks(points, mapping));
}

KeyframeTracking::KeyframeTracking(ParallelFrameFaces& faces, const AnalysisOptions& options)
    : faces_(faces), options_(options) {}

std::vector<std::vector<FaceRecord>> KeyframeTracking::run_batch(
    const std::vector<const ImageRGB*>& frames) {
    std::vector<std::vector<FaceRecord>> found(frames.size());
    size_t next = 0;
    while (next < frames.size()) {
        if (!started_ || tracks_.empty() || since_key_ >= options_.keyframe_interval) {
            started_ = true;
            found[next] = key_frame(*frames[next]);
            ++next;
            continue;
        }
        // The next frames up to the next key frame, one per worker, all from
        // the last frame's landmarks (frame j ahead: moved on j + 1 times the
        // last motion), so the workers analyse them at once.
        const size_t ahead = std::min({frames.size() - next, size_t(faces_.workers()),
                                       size_t(options_.keyframe_interval - since_key_)});
        std::vector<const ImageRGB*> batch;
        std::vector<std::vector<FaceBox>> boxes;
        for (size_t j = 0; j < ahead; ++j) {
            std::vector<FaceBox> predicted;
            for (const Track& t : tracks_) {
                FaceBox b = t.box;
                b.x += float(j + 1) * t.dx;
                b.y += float(j + 1) * t.dy;
                if (inside_share(b, *frames[next + j]) < 0.5)
                    break;  // leaving the frame: does the detector still see it?
                predicted.push_back(b);
            }
            if (predicted.size() < tracks_.size())
                break;
            batch.push_back(frames[next + j]);
            boxes.push_back(std::move(predicted));
        }
        auto records = faces_.run_on_boxes(batch, boxes);
        // In order: accepted while every face still fits its box; the first
        // frame that loses one is analysed again as a key frame, and the
        // frames after it, predicted from older landmarks, again after it.
        size_t j = 0;
        for (; j < batch.size(); ++j) {
            bool lost = false;
            for (size_t i = 0; i < records[j].size() && !lost; ++i)
                lost = landmark_fit(boxes[j][i], records[j][i].landmarks, tracks_[i].mapping) <
                       kMinLandmarkFit;
            if (lost)
                break;
            for (size_t i = 0; i < records[j].size(); ++i) {
                Track& t = tracks_[i];
                FaceBox now = box_from_landmarks(records[j][i].landmarks, t.mapping);
                now.score = t.box.score;
                t.dx = (now.x + 0.5f * now.w) - (t.box.x + 0.5f * t.box.w);
                t.dy = (now.y + 0.5f * now.h) - (t.box.y + 0.5f * t.box.h);
                t.box = now;
                records[j][i].box = now;  // where the face is now, not the box it was fitted in
            }
            found[next + j] = std::move(records[j]);
            ++since_key_;
            ++frames_;
        }
        next += j;
        if (j < ahead) {  // a face lost, or a box leaving the frame
            found[next] = key_frame(*frames[next]);
            ++next;
        }
    }
    return found;
}

std::vector<FaceRecord> KeyframeTracking::key_frame(const ImageRGB& frame) {
    std::vector<FaceRecord> records = faces_.run(frame);
    tracks_.clear();
    for (const auto& r : records) {
        Track t;
        t.mapping = measure_box_mapping(r.box, r.landmarks);
        t.box = r.box;  // = box_from_landmarks(r.landmarks, t.mapping)
        tracks_.push_back(t);
    }
    since_key_ = 1;
    ++key_frames_;
    ++frames_;
    return records;
}

}  // namespace facellava::pipeline
