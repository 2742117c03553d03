// Multi-face tracking: predicted positions, an IoU + landmark-distance cost,
// and an optimal per-frame assignment (see the header for the rules).
#include "facellava/core/face_tracker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <utility>

#include "facellava/core/box_overlap.h"
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
    if (!(p.reid_max_distance >= 0 && p.reid_max_distance <= 2))
        throw Error("face tracker: reid_max_distance must be within [0, 2]");
    if (p.reid_max_lost_tracks < 0)
        throw Error("face tracker: reid_max_lost_tracks must be >= 0");
}

// The embeddings scaled to unit length (empty entries stay empty). Throws on
// a size that differs from `size` (< 0: fixed by the first one here), values
// not finite, or all zeros.
std::vector<std::vector<float>> unit_embeddings(const std::vector<std::vector<float>>& embeddings,
                                                long& size) {
    std::vector<std::vector<float>> out(embeddings.size());
    for (size_t i = 0; i < embeddings.size(); ++i) {
        const std::vector<float>& e = embeddings[i];
        if (e.empty())
            continue;
        if (size < 0)
            size = long(e.size());
        if (long(e.size()) != size) {
            throw Error("face tracker: embedding " + std::to_string(i) + " has " +
                        std::to_string(e.size()) + " values, the tracker's have " +
                        std::to_string(size));
        }
        double sum = 0;
        for (float v : e)
            sum += double(v) * v;
        if (!std::isfinite(sum) || !(sum > 0)) {
            throw Error("face tracker: embedding " + std::to_string(i) +
                        " is not finite or all zeros");
        }
        const double inv = 1.0 / std::sqrt(sum);
        out[i].resize(e.size());
        for (size_t k = 0; k < e.size(); ++k)
            out[i][k] = float(e[k] * inv);
    }
    return out;
}

// Folds a unit embedding into the track's running mean.
void add_embedding(FaceTrack& track, const std::vector<float>& unit) {
    if (unit.empty())
        return;
    if (track.embedding.empty())
        track.embedding.assign(unit.size(), 0.0f);
    const float n = float(++track.embedding_count);
    for (size_t k = 0; k < unit.size(); ++k)
        track.embedding[k] += (unit[k] - track.embedding[k]) / n;
}

// Cosine distance between a track's mean embedding and a unit embedding.
double embedding_distance(const FaceTrack& track, const std::vector<float>& unit) {
    double norm2 = 0, d = 0;
    for (size_t k = 0; k < unit.size(); ++k) {
        norm2 += double(track.embedding[k]) * track.embedding[k];
        d += double(track.embedding[k]) * unit[k];
    }
    return norm2 > 0 ? 1.0 - d / std::sqrt(norm2) : 1.0;
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
                                     const std::vector<Landmarks68>& landmarks,
                                     const std::vector<std::vector<float>>& embeddings) {
    if (!landmarks.empty() && landmarks.size() != boxes.size()) {
        throw Error("face tracker: " + std::to_string(landmarks.size()) + " landmark sets for " +
                    std::to_string(boxes.size()) + " boxes");
    }
    if (!embeddings.empty() && embeddings.size() != boxes.size()) {
        throw Error("face tracker: " + std::to_string(embeddings.size()) + " embeddings for " +
                    std::to_string(boxes.size()) + " boxes");
    }
    for (size_t i = 0; i < boxes.size(); ++i)
        check_box(boxes[i], i);
    long embedding_size = embedding_size_;
    const std::vector<std::vector<float>> unit = unit_embeddings(embeddings, embedding_size);
    embedding_size_ = embedding_size;  // every check passed: the frame is taken
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
            cost[t][d] = params_.iou_weight * (1.0 - box_iou(predicted, boxes[d])) +
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
        const float alpha = track.has_velocity ? float(params_.velocity_smoothing) : 1.0f;
        track.velocity[0] = alpha * vx + (1 - alpha) * track.velocity[0];
        track.velocity[1] = alpha * vy + (1 - alpha) * track.velocity[1];
        track.has_velocity = true;
        if (!unit.empty())
            add_embedding(track, unit[size_t(d)]);
        track.box = box;
        track.has_landmarks = with_landmarks;
        if (with_landmarks)
            track.landmarks = landmarks[size_t(d)];
        track.last_frame = frame_;
        track.missed_frames = 0;
        ++track.hits;
        ids[size_t(d)] = track.id;
    }
    const bool reid = params_.reid_max_distance > 0;
    for (const FaceTrack& t : tracks_) {
        if (reid && t.missed_frames > params_.max_missed_frames && !t.embedding.empty())
            lost_.push_back(t);  // ended, but its face may come back
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

    // Re-identification: fresh faces with an embedding against the tracks
    // missing in this frame and the ended ones, optimally over the frame.
    std::vector<size_t> probes;
    for (size_t d : fresh) {
        if (!unit.empty() && !unit[d].empty())
            probes.push_back(d);
    }
    // Candidates by increasing id: (ended?, index in tracks_ or lost_).
    std::vector<std::pair<bool, size_t>> candidates;
    if (reid && !probes.empty()) {
        for (size_t t = 0; t < tracks_.size(); ++t) {
            if (tracks_[t].missed_frames > 0 && !tracks_[t].embedding.empty())
                candidates.push_back({false, t});
        }
        for (size_t t = 0; t < lost_.size(); ++t)
            candidates.push_back({true, t});
        const auto id_of = [&](const std::pair<bool, size_t>& c) {
            return (c.first ? lost_ : tracks_)[c.second].id;
        };
        std::sort(candidates.begin(), candidates.end(),
                  [&](const auto& a, const auto& b) { return id_of(a) < id_of(b); });
    }
    std::vector<size_t> revived_lost;  // indices into lost_ to move back
    if (!candidates.empty()) {
        const size_t nc = candidates.size(), np = probes.size(), m = nc + np;
        // As above: rows candidates then slots, columns probes then slots; a
        // pair within the gate costs less than leaving both apart.
        const double apart = params_.reid_max_distance / 2 + 1e-9;
        std::vector<std::vector<double>> reid_cost(m, std::vector<double>(m, apart));
        for (size_t r = nc; r < m; ++r)
            std::fill(reid_cost[r].begin() + std::ptrdiff_t(np), reid_cost[r].end(), 0.0);
        for (size_t c = 0; c < nc; ++c) {
            const FaceTrack& t = (candidates[c].first ? lost_ : tracks_)[candidates[c].second];
            for (size_t k = 0; k < np; ++k) {
                const double dist = embedding_distance(t, unit[probes[k]]);
                reid_cost[c][k] = dist <= params_.reid_max_distance ? dist : kForbidden;
            }
        }
        const std::vector<int> match = solve_assignment(reid_cost);
        for (size_t c = 0; c < nc; ++c) {
            const int k = match[c];
            if (k < 0 || size_t(k) >= np || reid_cost[c][size_t(k)] > params_.reid_max_distance)
                continue;
            const size_t d = probes[size_t(k)];
            FaceTrack& track = (candidates[c].first ? lost_ : tracks_)[candidates[c].second];
            // Back after a jump or a long absence: position known, motion not.
            track.box = boxes[d];
            track.has_landmarks = with_landmarks;
            if (with_landmarks)
                track.landmarks = landmarks[d];
            track.velocity = {0.f, 0.f};
            track.has_velocity = false;
            track.last_frame = frame_;
            track.missed_frames = 0;
            ++track.hits;
            ++track.reidentifications;
            add_embedding(track, unit[d]);
            ids[d] = track.id;
            if (candidates[c].first)
                revived_lost.push_back(candidates[c].second);
        }
        std::sort(revived_lost.begin(), revived_lost.end());
        for (auto it = revived_lost.rbegin(); it != revived_lost.rend(); ++it) {
            tracks_.push_back(std::move(lost_[*it]));
            lost_.erase(lost_.begin() + std::ptrdiff_t(*it));
        }
    }

    for (size_t d : fresh) {
        if (ids[d] >= 0)
            continue;  // re-identified
        FaceTrack track;
        track.id = next_id_++;
        track.box = boxes[d];
        track.has_landmarks = with_landmarks;
        if (with_landmarks)
            track.landmarks = landmarks[d];
        track.first_frame = track.last_frame = frame_;
        track.hits = 1;
        if (!unit.empty())
            add_embedding(track, unit[d]);
        ids[d] = track.id;
        tracks_.push_back(track);
    }
    const auto by_id = [](const FaceTrack& a, const FaceTrack& b) { return a.id < b.id; };
    std::sort(tracks_.begin(), tracks_.end(), by_id);
    // Forget the longest-unseen ended tracks beyond the limit.
    if (lost_.size() > size_t(params_.reid_max_lost_tracks)) {
        std::sort(lost_.begin(), lost_.end(), [](const FaceTrack& a, const FaceTrack& b) {
            return std::tie(b.last_frame, a.id) < std::tie(a.last_frame, b.id);
        });
        lost_.resize(size_t(params_.reid_max_lost_tracks));
    }
    std::sort(lost_.begin(), lost_.end(), by_id);
    ++frame_;
    return ids;
}

}  // namespace facellava
