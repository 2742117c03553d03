// Multi-face tracking on synthetic trajectories: faces that cross, vanish for
// a few frames and come back, or vanish for good; ids independent of the
// order the detector lists faces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/face_tracker.h"

namespace facellava {
namespace {

// A synthetic face: a box moving at constant velocity and a landmark layout of
// its own (68 points in the unit square, scaled into the box), so faces differ
// in shape as real ones do.
struct Actor {
    float x0, y0, size, vx, vy;
    std::array<float, 136> layout;
    std::set<int> absent;         // frames without a detection
    std::vector<float> identity;  // unit embedding direction (empty: none given)

    // The detector's embedding in `frame`: the identity plus a little noise.
    std::vector<float> embedding(int frame) const {
        if (identity.empty())
            return {};
        std::mt19937 rng(unsigned(frame) * 7919u + unsigned(identity.size()) +
                         unsigned(std::fabs(identity[0]) * 1e6f));
        std::normal_distribution<float> noise(0.f, 0.1f / std::sqrt(float(identity.size())));
        std::vector<float> e = identity;
        for (float& v : e)
            v += noise(rng);
        return e;
    }

    FaceBox box(int frame) const {
        return {x0 + vx * float(frame), y0 + vy * float(frame), size, size, 1.f};
    }
    Landmarks68 landmarks(int frame) const {
        const FaceBox b = box(frame);
        Landmarks68 m;
        for (int i = 0; i < 68; ++i) {
            m.xy[size_t(2 * i)] = b.x + layout[size_t(2 * i)] * b.w;
            m.xy[size_t(2 * i + 1)] = b.y + layout[size_t(2 * i + 1)] * b.h;
        }
        return m;
    }
};

std::array<float, 136> random_layout(unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.1f, 0.9f);
    std::array<float, 136> layout{};
    for (float& v : layout)
        v = u(rng);
    return layout;
}

// Three faces crossing near the image centre around frames 17–21: A moves
// right, B left along the same row, C down through both.
std::vector<Actor> crossing_actors() {
    return {
        {0.f, 100.f, 60.f, 8.f, 0.f, random_layout(1), {}, {}},    // A
        {320.f, 95.f, 70.f, -8.f, 0.f, random_layout(2), {}, {}},  // B
        {150.f, 0.f, 50.f, 0.f, 6.f, random_layout(3), {}, {}},    // C
    };
}

// Runs the tracker over `frames` frames. Returns, per frame, the id given to
// each actor (nullopt when absent). shuffle_seed ≠ 0 shuffles each frame's
// detection order.
std::vector<std::vector<std::optional<int>>> run(FaceTracker& tracker,
                                                 const std::vector<Actor>& actors, int frames,
                                                 bool with_landmarks, unsigned shuffle_seed = 0,
                                                 bool with_embeddings = false) {
    std::mt19937 rng(shuffle_seed);
    std::vector<std::vector<std::optional<int>>> ids_per_frame;
    for (int f = 0; f < frames; ++f) {
        std::vector<size_t> present;
        for (size_t a = 0; a < actors.size(); ++a) {
            if (!actors[a].absent.count(f))
                present.push_back(a);
        }
        if (shuffle_seed != 0)
            std::shuffle(present.begin(), present.end(), rng);
        std::vector<FaceBox> boxes;
        std::vector<Landmarks68> marks;
        std::vector<std::vector<float>> embeddings;
        for (size_t a : present) {
            boxes.push_back(actors[a].box(f));
            if (with_landmarks)
                marks.push_back(actors[a].landmarks(f));
            if (with_embeddings)
                embeddings.push_back(actors[a].embedding(f));
        }
        const std::vector<int> ids = tracker.update(boxes, marks, embeddings);
        EXPECT_EQ(ids.size(), boxes.size());
        std::vector<std::optional<int>> row(actors.size());
        for (size_t k = 0; k < present.size(); ++k)
            row[present[k]] = ids[k];
        ids_per_frame.push_back(row);
    }
    return ids_per_frame;
}

// The single id each actor had over all frames it was present in; fails when
// an actor's id changed.
std::vector<int> constant_ids(const std::vector<std::vector<std::optional<int>>>& ids) {
    std::vector<int> out(ids.front().size(), -1);
    for (size_t f = 0; f < ids.size(); ++f) {
        for (size_t a = 0; a < out.size(); ++a) {
            if (!ids[f][a])
                continue;
            if (out[a] < 0)
                out[a] = *ids[f][a];
            EXPECT_EQ(*ids[f][a], out[a]) << "actor " << a << " frame " << f;
        }
    }
    return out;
}

TEST(FaceTracker, CrossingFacesKeepTheirIds) {
    for (bool with_landmarks : {true, false}) {
        FaceTracker tracker;
        const auto ids = run(tracker, crossing_actors(), 40, with_landmarks);
        // Boxes only: new ids in box order (x first): A (x 0), C (x 150), B (x 320).
        EXPECT_EQ(constant_ids(ids), (std::vector<int>{0, 2, 1})) << with_landmarks;
        EXPECT_EQ(tracker.next_id(), 3);
        EXPECT_EQ(tracker.frame_count(), 40);
        ASSERT_EQ(tracker.tracks().size(), 3u);
        for (const FaceTrack& t : tracker.tracks()) {
            EXPECT_EQ(t.hits, 40);
            EXPECT_EQ(t.missed_frames, 0);
            EXPECT_EQ(t.has_landmarks, with_landmarks);
        }
        // Velocity estimates converge to the true motion (A: +8 px per frame in x).
        EXPECT_NEAR(tracker.tracks()[0].velocity[0], 8.f, 1e-3f);
        EXPECT_NEAR(tracker.tracks()[0].velocity[1], 0.f, 1e-3f);
    }
}

TEST(FaceTracker, ShortAbsenceKeepsTheIdLongAbsenceGetsANewOne) {
    FaceTrackerParams params;
    params.max_missed_frames = 5;
    std::vector<Actor> actors = crossing_actors();
    actors[1].absent = {18, 19, 20};  // B gone for 3 frames, right at the crossing
    for (int f = 8; f < 14; ++f)
        actors[2].absent.insert(f);  // C gone for 6 > 5
    FaceTracker tracker(params);
    const auto ids = run(tracker, actors, 40, true);

    // New ids go in box order: A (x 0) 0, C (x 150) 1, B (x 320) 2.
    for (int f = 0; f < 40; ++f) {
        ASSERT_TRUE(ids[size_t(f)][0]);
        EXPECT_EQ(*ids[size_t(f)][0], 0) << "A, frame " << f;
        if (!actors[1].absent.count(f)) {
            EXPECT_EQ(*ids[size_t(f)][1], 2) << "B, frame " << f;  // re-identified after 18–20
        }
        if (f < 8) {
            EXPECT_EQ(*ids[size_t(f)][2], 1) << "C, frame " << f;
        } else if (f >= 14) {
            EXPECT_EQ(*ids[size_t(f)][2], 3) << "C, frame " << f;  // back as a new face
        }
    }
    EXPECT_EQ(tracker.next_id(), 4);  // id 1 is never handed out again
    std::vector<int> live;
    for (const FaceTrack& t : tracker.tracks())
        live.push_back(t.id);
    EXPECT_EQ(live, (std::vector<int>{0, 2, 3}));
}

TEST(FaceTracker, MissingTrackStaysAliveUpToMaxMissed) {
    FaceTrackerParams params;
    params.max_missed_frames = 2;
    FaceTracker tracker(params);
    const FaceBox box{10, 10, 50, 50, 1};
    EXPECT_EQ(tracker.update({box}), (std::vector<int>{0}));
    tracker.update({});
    tracker.update({});
    ASSERT_EQ(tracker.tracks().size(), 1u);
    EXPECT_EQ(tracker.tracks()[0].missed_frames, 2);
    EXPECT_EQ(tracker.tracks()[0].last_frame, 0);
    EXPECT_EQ(tracker.update({box}), (std::vector<int>{0}));  // after 2 misses: same face
    tracker.update({});
    tracker.update({});
    tracker.update({});  // third miss ends the track
    EXPECT_TRUE(tracker.tracks().empty());
    EXPECT_EQ(tracker.update({box}), (std::vector<int>{1}));
}

TEST(FaceTracker, IdsDoNotDependOnDetectionOrder) {
    std::vector<Actor> actors = crossing_actors();
    actors[1].absent = {18, 19, 20};
    for (int f = 8; f < 14; ++f)
        actors[2].absent.insert(f);
    actors.push_back({400.f, 300.f, 80.f, -3.f, -2.f, random_layout(4), {0, 1, 2, 25, 26}, {}});
    FaceTrackerParams params;
    params.max_missed_frames = 5;
    for (bool with_landmarks : {true, false}) {
        FaceTracker reference(params);
        const auto expected = run(reference, actors, 40, with_landmarks);
        for (unsigned seed : {11u, 12u, 13u, 14u}) {
            FaceTracker shuffled(params);
            EXPECT_EQ(run(shuffled, actors, 40, with_landmarks, seed), expected)
                << "seed " << seed << " landmarks " << with_landmarks;
        }
    }
}

TEST(FaceTracker, FarDetectionIsANewFaceNotAJump) {
    FaceTracker tracker;
    EXPECT_EQ(tracker.update({{0, 0, 50, 50, 1}}), (std::vector<int>{0}));
    // Two face sizes away: beyond the default gate of one face size.
    EXPECT_EQ(tracker.update({{100, 0, 50, 50, 1}}), (std::vector<int>{1}));
    ASSERT_EQ(tracker.tracks().size(), 2u);
    EXPECT_EQ(tracker.tracks()[0].missed_frames, 1);
}

TEST(FaceTracker, InvalidInputThrows) {
    FaceTracker tracker;
    EXPECT_THROW(tracker.update({{0, 0, 10, 10, 1}}, std::vector<Landmarks68>(2)), Error);
    EXPECT_THROW(tracker.update({{0, 0, 0, 10, 1}}), Error);
    EXPECT_THROW(tracker.update({{0, std::numeric_limits<float>::quiet_NaN(), 10, 10, 1}}), Error);
    EXPECT_EQ(tracker.frame_count(), 0);  // rejected frames leave no trace
    FaceTrackerParams bad;
    bad.max_missed_frames = -1;
    EXPECT_THROW(FaceTracker{bad}, Error);
    bad = {};
    bad.iou_weight = 1.5;
    EXPECT_THROW(FaceTracker{bad}, Error);
    bad = {};
    bad.max_landmark_distance = 0;
    EXPECT_THROW(FaceTracker{bad}, Error);
}

// A random unit direction in 64 dimensions: strangers' embeddings are nearly
// orthogonal (cosine distance ~1), one face's frames ~0.01 apart.
std::vector<float> random_identity(unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.f, 1.f);
    std::vector<float> v(64);
    double sum = 0;
    for (float& x : v) {
        x = n(rng);
        sum += double(x) * x;
    }
    for (float& x : v)
        x = float(x / std::sqrt(sum));
    return v;
}

// Two faces cross (A right, B left, along one row, meeting around frame 20);
// B is hidden for frames 14–33, four times the gap limit, and comes back on
// the far side of A. A stranger S shows up late, where B was lost.
std::vector<Actor> occluded_crossing_actors() {
    std::vector<Actor> actors = {
        {0.f, 100.f, 60.f, 8.f, 0.f, random_layout(1), {}, random_identity(101)},    // A
        {320.f, 95.f, 70.f, -8.f, 0.f, random_layout(2), {}, random_identity(102)},  // B
        {200.f, 90.f, 65.f, 0.f, 0.f, random_layout(3), {}, random_identity(103)},   // S
    };
    for (int f = 14; f < 34; ++f)
        actors[1].absent.insert(f);
    for (int f = 0; f < 36; ++f)
        actors[2].absent.insert(f);
    return actors;
}

TEST(FaceTracker, EmbeddingsKeepIdsThroughLongOcclusions) {
    FaceTrackerParams params;
    params.max_missed_frames = 5;
    const std::vector<Actor> actors = occluded_crossing_actors();
    for (bool with_landmarks : {true, false}) {
        FaceTracker tracker(params);
        const auto ids = run(tracker, actors, 45, with_landmarks, 0, true);
        // A 0, B 1 (box order), both for the whole run; S is someone new: 2.
        EXPECT_EQ(constant_ids(ids), (std::vector<int>{0, 1, 2})) << with_landmarks;
        EXPECT_EQ(tracker.next_id(), 3);
        ASSERT_EQ(tracker.tracks().size(), 3u);
        const FaceTrack& b = tracker.tracks()[1];
        EXPECT_EQ(b.id, 1);
        EXPECT_EQ(b.reidentifications, 1);
        EXPECT_EQ(b.hits, 45 - 20);
        EXPECT_EQ(b.first_frame, 0);
        EXPECT_EQ(b.embedding_count, 45 - 20);
        EXPECT_TRUE(tracker.lost_tracks().empty());
        // Motion is learnt again after the comeback: B's −8 px per frame.
        EXPECT_NEAR(b.velocity[0], -8.f, 1e-3f);
        // The order the detector lists faces still does not matter.
        for (unsigned seed : {5u, 6u}) {
            FaceTracker shuffled(params);
            EXPECT_EQ(run(shuffled, actors, 45, with_landmarks, seed, true), ids) << seed;
        }
    }
}

TEST(FaceTracker, WithoutEmbeddingsLongOcclusionGivesANewIdAsBefore) {
    FaceTrackerParams params;
    params.max_missed_frames = 5;
    std::vector<Actor> actors = occluded_crossing_actors();
    FaceTracker plain(params);
    const auto ids = run(plain, actors, 45, true);
    for (int f = 0; f < 45; ++f) {
        if (f < 14) {
            EXPECT_EQ(*ids[size_t(f)][1], 1) << f;
        }
        if (f >= 34) {
            EXPECT_EQ(*ids[size_t(f)][1], 2) << f;  // back as a new face
        }
        if (f >= 36) {
            EXPECT_EQ(*ids[size_t(f)][2], 3) << f;
        }
    }
    EXPECT_TRUE(plain.lost_tracks().empty());
    // Re-identification switched off: embeddings change nothing.
    params.reid_max_distance = 0;
    FaceTracker off(params);
    EXPECT_EQ(run(off, actors, 45, true, 0, true), ids);
    EXPECT_TRUE(off.lost_tracks().empty());
    // The existing scenarios are unchanged with embeddings given.
    std::vector<Actor> crossing = crossing_actors();
    for (size_t a = 0; a < crossing.size(); ++a)
        crossing[a].identity = random_identity(200 + unsigned(a));
    FaceTracker with(FaceTrackerParams{}), without(FaceTrackerParams{});
    EXPECT_EQ(run(with, crossing, 40, true, 0, true), run(without, crossing, 40, true));
}

TEST(FaceTracker, EmbeddingReidentifiesAFaceThatJumped) {
    const std::vector<float> e = random_identity(7), other = random_identity(8);
    FaceTracker tracker;
    EXPECT_EQ(tracker.update({{0, 0, 50, 50, 1}}, {}, {e}), (std::vector<int>{0}));
    // Two face sizes away: beyond the distance gate, but the same face.
    EXPECT_EQ(tracker.update({{100, 0, 50, 50, 1}}, {}, {e}), (std::vector<int>{0}));
    // A stranger far away is someone new; a face without an embedding too.
    EXPECT_EQ(tracker.update({{300, 0, 50, 50, 1}, {100, 0, 50, 50, 1}, {500, 0, 50, 50, 1}}, {},
                             {other, e, {}}),
              (std::vector<int>{1, 0, 2}));
}

TEST(FaceTracker, LostTracksAreForgottenBeyondTheLimit) {
    FaceTrackerParams params;
    params.max_missed_frames = 0;
    params.reid_max_lost_tracks = 2;
    FaceTracker tracker(params);
    for (int i = 0; i < 4; ++i) {  // four people, one frame each
        tracker.update({{float(100 * i), 0, 50, 50, 1}}, {}, {random_identity(300 + unsigned(i))});
    }
    tracker.update({});
    std::vector<int> lost;
    for (const FaceTrack& t : tracker.lost_tracks())
        lost.push_back(t.id);
    EXPECT_EQ(lost, (std::vector<int>{2, 3}));  // the longest unseen (0, 1) forgotten
    // Person 0 comes back: forgotten, so new. Person 2 comes back: known.
    EXPECT_EQ(tracker.update({{0, 0, 50, 50, 1}, {600, 0, 50, 50, 1}}, {},
                             {random_identity(300), random_identity(302)}),
              (std::vector<int>{4, 2}));
}

TEST(FaceTracker, InvalidEmbeddingsThrowAndLeaveNoTrace) {
    FaceTracker tracker;
    const FaceBox box{0, 0, 10, 10, 1};
    EXPECT_THROW(tracker.update({box}, {}, {{1.f}, {1.f}}), Error);  // two for one box
    EXPECT_THROW(tracker.update({box}, {}, {{0.f, 0.f}}), Error);    // all zeros
    EXPECT_THROW(tracker.update({box}, {}, {{std::numeric_limits<float>::infinity(), 1.f}}), Error);
    EXPECT_EQ(tracker.frame_count(), 0);
    tracker.update({box}, {}, {{1.f, 0.f}});
    EXPECT_THROW(tracker.update({box}, {}, {{1.f, 0.f, 0.f}}), Error);  // another size
    EXPECT_EQ(tracker.frame_count(), 1);
    FaceTrackerParams bad;
    bad.reid_max_distance = 2.5;
    EXPECT_THROW(FaceTracker{bad}, Error);
    bad = {};
    bad.reid_max_lost_tracks = -1;
    EXPECT_THROW(FaceTracker{bad}, Error);
}

}  // namespace
}  // namespace facellava
