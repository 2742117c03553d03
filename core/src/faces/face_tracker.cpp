// Multi-face tracking: predicted positions, an IoU + landmark-distance cost,
// and an optimal per-frame assignment (see the header for the rules).
#include "facellava/core/face_tracker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>

#include "facellava/core/error.h"

namespace facellava {
namespace {

// Cost of a pair that must not be matched: far above any admissible cost (≤ 1).
constexpr double kForbidden = 1e6;
// Cost of leaving a track or a detection unmatched. A track and a detection
// left apart cost 1, the cost of the worst admissible pair, so every pair
// cheaper than that is worth matching, but the solver may leave a poor pair
// apart when that lets better pairs form elsewhere.
constexpr double kUnmatched = 0.5;

// Minimum-cost assignment on a square matrix (Hungarian algorithm with
// potentials, O(n³)). cost[i][j]: row i to column j. Returns the column of
// each row.
std::vector<int> solve_assignment(const std::vector<std::vector<double>>& cost) {
    const int n = int(cost.size());
    const double inf = std::numeric_limits<double>::infinity();
    // 1-based: u row potentials, v column potentials, p[j] the row on column j
    // (p[0] the row being inserted), way[j] the previous column on the path.
    std::vector<double> u(size_t(n) + 1, 0.0), v(size_t(n) + 1, 0.0);
    std::vector<int> p(size_t(n) + 1, 0), way(size_t(n) + 1, 0);
    for (int i = 1; i <= n; ++i) {
        p[0] = i;
        int j0 = 0;
        std::vector<double> minv(size_t(n) + 1, inf);
        std::vector<char> used(size_t(n) + 1, 0);
        do {
            used[size_t(j0)] = 1;
            const int i0 = p[size_t(j0)];
            double delta = inf;
            int j1 = 0;
            for (int j = 1; j <= n; ++j) {
                if (used[size_t(j)])
                    continue;
                const double cur =
                    cost[size_t(i0 - 1)][size_t(j - 1)] - u[size_t(i0)] - v[size_t(j)];
                if (cur < minv[size_t(j)]) {
                    minv[size_t(j)] = cur;
                    way[size_t(j)] = j0;
                }
                if (minv[size_t(j)] < delta) {
                    delta = minv[size_t(j)];
                    j1 = j;
                }
            }
            for (int j = 0; j <= n; ++j) {
                if (used[size_t(j)]) {
                    u[size_t(p[size_t(j)])] += delta;
                    v[size_t(j)] -= delta;
                } else {
                    minv[size_t(j)] -= delta;
                }
            }
            j0 = j1;
        } while (p[size_t(j0)] != 0);
        do {  // flip the augmenting path
            const int j1 = way[size_t(j0)];
            p[size_t(j0)] = p[size_t(j1)];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<int> column_of_row(size_t(n), -1);
    for (int j = 1; j <= n; ++j)
        column_of_row[size_t(p[size_t(j)] - 1)] = j - 1;
    return column_of_row;
}

double iou(const FaceBox& a, const FaceBox& b) {
    const double ix = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
    const double iy = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
    if (ix <= 0 || iy <= 0)
        return 0.0;
    const double inter = ix * iy;
    return inter / (double(a.w) * a.h + double(b.w) * b.h - inter);
}

std::array<double, 2> centre(const FaceBox& b) {
    return {b.x + b.w / 2.0, b.y + b.h / 2.0};
}

void check_params(const FaceTrackerParams& p) {
    if (p.max_missed_frames < 0)
        throw Error("face tracker: max_missed_frames must be >= 0");
    if (!(p.iou_weight >= 0 && p.iou_weight <= 1))
        throw Error("face tracker: iou_weight must be within [0, 1]");
    if (!(p.max_landmark_distance > 0) || !std::isfinite(p.max_landmark_distance))
        throw Error("face tracker: max_landmark_distance must be positive");
    if (!(p.velocity_smoothing >= 0 && p.velocity_smoothing <= 1))
        throw Error("face tracker: velocity_smoothing must be within [0, 1]");
}

void check_box(const FaceBox& b, size_t index) {
    const bool finite =
        std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.w) && std::isfinite(b.h);
    if (!finite || !(b.w > 0) || !(b.h > 0)) {
        throw Error("face tracker: box " + std::to_string(index) + " is not finite or has no area");
    }
}

}  // namespace

FaceTracker::FaceTracker(const FaceTrackerParams& params) : params_(params) {
    check_params(params_);
}

std::vector<int> FaceTracker::update(const std::vector<FaceBox>& boxes,
                                     const std::vector<Landmarks68>& landmarks) {
    if (!landmarks.empty() && landmarks.size() != boxes.size()) {
        throw Error("face tracker: " + std::to_string(landmarks.size()) + " landmark sets for " +
                    std::to_string(boxes.size()) + " boxes");
    }
    for (size_t i = 0; i < boxes.size(); ++i)
        check_box(boxes[i], i);
    const bool with_landmarks = !landmarks.empty();
    const size_t n_tracks = tracks_.size();
    const size_t n_dets = boxes.size();

    // Square cost matrix of n_tracks + n_dets rows and columns: rows are the
    // tracks, then one "new face" slot per detection; columns the detections,
    // then one "missed" slot per track. Slot–slot entries cost nothing.
    const size_t n = n_tracks + n_dets;
    std::vector<std::vector<double>> cost(n, std::vector<double>(n, kUnmatched));
    for (size_t r = n_tracks; r < n; ++r)
        std::fill(cost[r].begin() + std::ptrdiff_t(n_dets), cost[r].end(), 0.0);
    for (size_t t = 0; t < n_tracks; ++t) {
        const FaceTrack& track = tracks_[t];
        const double gap = double(frame_ - track.last_frame);  // frames since last seen
        const double dx = track.velocity[0] * gap, dy = track.velocity[1] * gap;
        FaceBox predicted = track.box;
        predicted.x += float(dx);
        predicted.y += float(dy);
        const auto pc = centre(predicted);
        const double scale = (double(track.box.w) + track.box.h) / 2.0;
        for (size_t d = 0; d < n_dets; ++d) {
            cost[t][d] = kForbidden;
            double distance = 0;
            if (with_landmarks && track.has_landmarks) {
                const Landmarks68& a = track.landmarks;
                const Landmarks68& b = landmarks[d];
                for (int i = 0; i < Landmarks68::kPoints; ++i)
                    distance += std::hypot(a.x(i) + dx - b.x(i), a.y(i) + dy - b.y(i));
                distance /= Landmarks68::kPoints;
            } else {
                const auto dc = centre(boxes[d]);
                distance = std::hypot(pc[0] - dc[0], pc[1] - dc[1]);
            }
            const double normalised = distance / scale;
            if (normalised > params_.max_landmark_distance)
                continue;
            cost[t][d] = params_.iou_weight * (1.0 - iou(predicted, boxes[d])) +
                         (1.0 - params_.iou_weight) * normalised / params_.max_landmark_distance;
        }
    }
    const std::vector<int> assignment = n > 0 ? solve_assignment(cost) : std::vector<int>{};

    std::vector<int> ids(n_dets, -1);
    for (size_t t = 0; t < n_tracks; ++t) {
        FaceTrack& track = tracks_[t];
        const int d = assignment[t];
        if (d < 0 || size_t(d) >= n_dets || cost[t][size_t(d)] > 1.0) {
            ++track.missed_frames;
            continue;
        }
        const FaceBox& box = boxes[size_t(d)];
        const double gap = double(frame_ - track.last_frame);
        const auto before = centre(track.box);
        const auto after = centre(box);
        const float vx = float((after[0] - before[0]) / gap);
        const float vy = float((after[1] - before[1]) / gap);
        // The first displacement seeds the velocity; later ones are smoothed.
        const float alpha = track.hits == 1 ? 1.0f : float(params_.velocity_smoothing);
        track.velocity[0] = alpha * vx + (1 - alpha) * track.velocity[0];
        track.velocity[1] = alpha * vy + (1 - alpha) * track.velocity[1];
        track.box = box;
        track.has_landmarks = with_landmarks;
        if (with_landmarks)
            track.landmarks = landmarks[size_t(d)];
        track.last_frame = frame_;
        track.missed_frames = 0;
        ++track.hits;
        ids[size_t(d)] = track.id;
    }
    tracks_.erase(std::remove_if(tracks_.begin(), tracks_.end(),
                                 [&](const FaceTrack& t) {
                                     return t.missed_frames > params_.max_missed_frames;
                                 }),
                  tracks_.end());

    // New faces, numbered in box order so the detector's listing order does
    // not decide their ids.
    std::vector<size_t> fresh;
    for (size_t d = 0; d < n_dets; ++d) {
        if (ids[d] < 0)
            fresh.push_back(d);
    }
    std::sort(fresh.begin(), fresh.end(), [&](size_t a, size_t b) {
        const FaceBox& p = boxes[a];
        const FaceBox& q = boxes[b];
        return std::tie(p.x, p.y, p.w, p.h) < std::tie(q.x, q.y, q.w, q.h);
    });
    for (size_t d : fresh) {
        FaceTrack track;
        track.id = next_id_++;
        track.box = boxes[d];
        track.has_landmarks = with_landmarks;
        if (with_landmarks)
            track.landmarks = landmarks[d];
        track.first_frame = track.last_frame = frame_;
        track.hits = 1;
        ids[d] = track.id;
        tracks_.push_back(track);
    }
    ++frame_;
    return ids;
}

}  // namespace facellava
