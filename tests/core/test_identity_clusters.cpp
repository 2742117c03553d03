// Identity clustering on synthetic embeddings: a few random unit directions
// (identities, nearly orthogonal in 128 dimensions) plus small per-face noise;
// hand-made vectors with exact distances for the linkage and threshold rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/identity_clusters.h"

namespace facellava {
namespace {

constexpr size_t kDim = 128;

std::vector<float> random_direction(std::mt19937& rng) {
    std::normal_distribution<float> n(0.f, 1.f);
    std::vector<float> v(kDim);
    for (float& x : v)
        x = n(rng);
    return v;
}

// Faces of `identities` people in a shuffled order; truth[i] is face i's person.
struct Faces {
    std::vector<std::vector<float>> embeddings;
    std::vector<int> truth;
};

Faces make_faces(int identities, int per_identity, float noise, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::vector<float>> centres;
    for (int i = 0; i < identities; ++i)
        centres.push_back(l2_normalised(random_direction(rng)));
    Faces f;
    for (int i = 0; i < identities; ++i) {
        for (int k = 0; k < per_identity; ++k) {
            std::vector<float> e = l2_normalised(random_direction(rng));
            for (size_t d = 0; d < kDim; ++d)
                e[d] = centres[size_t(i)][d] + noise * e[d];
            // Arbitrary scale: clustering must not depend on the norm.
            for (float& x : e)
                x *= 0.5f + float(k);
            f.embeddings.push_back(e);
            f.truth.push_back(i);
        }
    }
    std::vector<size_t> order(f.truth.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    Faces shuffled;
    for (size_t i : order) {
        shuffled.embeddings.push_back(f.embeddings[i]);
        shuffled.truth.push_back(f.truth[i]);
    }
    return shuffled;
}

// The true people renumbered by first appearance: the labels expected.
std::vector<int> first_appearance_labels(const std::vector<int>& truth) {
    std::map<int, int> index;
    std::vector<int> out;
    for (int t : truth) {
        if (!index.count(t)) {
            const int next = int(index.size());
            index[t] = next;
        }
        out.push_back(index[t]);
    }
    return out;
}

TEST(IdentityClusters, SeparatesNoisyIdentities) {
    const Faces faces = make_faces(4, 12, 0.3f, 7);
    const IdentityClusters c = cluster_identities(faces.embeddings, 0.5);
    EXPECT_EQ(c.labels, first_appearance_labels(faces.truth));
    ASSERT_EQ(c.names, (std::vector<std::string>{"person_1", "person_2", "person_3", "person_4"}));
    EXPECT_EQ(c.sizes, (std::vector<int>{12, 12, 12, 12}));
    ASSERT_EQ(c.labels[0], 0);  // the first face founds person_1
    // Centroids: the members' normalised mean, recomputed here.
    std::vector<double> mean(kDim, 0.0);
    for (size_t i = 0; i < faces.truth.size(); ++i) {
        if (c.labels[i] != 1)
            continue;
        const std::vector<float> u = l2_normalised(faces.embeddings[i]);
        for (size_t d = 0; d < kDim; ++d)
            mean[d] += u[d] / 12.0;
    }
    for (size_t d = 0; d < kDim; ++d)
        EXPECT_NEAR(c.centroids[1][d], mean[d], 1e-5);
}

TEST(IdentityClusters, LabelsFollowFirstAppearanceWhateverTheOrder) {
    for (unsigned seed : {1u, 2u, 3u}) {
        const Faces faces = make_faces(5, 6, 0.3f, seed);
        const IdentityClusters c = cluster_identities(faces.embeddings, 0.5);
        EXPECT_EQ(c.labels, first_appearance_labels(faces.truth)) << "seed " << seed;
        // Reversed input: same people, renumbered by the new first appearances.
        std::vector<std::vector<float>> reversed(faces.embeddings.rbegin(),
                                                 faces.embeddings.rend());
        std::vector<int> reversed_truth(faces.truth.rbegin(), faces.truth.rend());
        EXPECT_EQ(cluster_identities(reversed, 0.5).labels, first_appearance_labels(reversed_truth))
            << "seed " << seed;
        // Same input twice: same answer.
        EXPECT_EQ(cluster_identities(faces.embeddings, 0.5).labels, c.labels);
    }
}

// a = (1, 0), b = (0, 1), c = (−1, 0): d(a, b) = d(b, c) = 1, d(a, c) = 2.
// Average linkage first joins a and b (the tie goes to the lower indices),
// then {a, b}–c is (2 + 1) / 2 = 1.5 (single linkage would say 1, complete 2).
TEST(IdentityClusters, AverageLinkageAndInclusiveThreshold) {
    const std::vector<std::vector<float>> abc = {{1, 0}, {0, 1}, {-1, 0}};
    EXPECT_EQ(cluster_identities(abc, 0.999).labels, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(cluster_identities(abc, 1.0).labels, (std::vector<int>{0, 0, 1}));
    EXPECT_EQ(cluster_identities(abc, 1.499).labels, (std::vector<int>{0, 0, 1}));
    EXPECT_EQ(cluster_identities(abc, 1.5).labels, (std::vector<int>{0, 0, 0}));
    // Identical faces: distance 0 joins at threshold 0, never below.
    const std::vector<std::vector<float>> twins = {{3, 4}, {6, 8}};  // same unit vector
    EXPECT_EQ(cluster_identities(twins, 0.0).labels, (std::vector<int>{0, 0}));
    EXPECT_EQ(cluster_identities(twins, -0.1).labels, (std::vector<int>{0, 1}));
    EXPECT_EQ(cluster_identities(abc, 2.0).sizes, (std::vector<int>{3}));
}

TEST(IdentityClusters, EmptyInput) {
    const IdentityClusters c = cluster_identities({}, 0.5);
    EXPECT_TRUE(c.labels.empty());
    EXPECT_TRUE(c.names.empty());
    EXPECT_TRUE(c.centroids.empty());
    IdentityClusters fresh;
    EXPECT_TRUE(assign_identities(fresh, {}, 0.5).empty());
    EXPECT_EQ(assign_identities(fresh, {{1, 0}, {0, 1}, {1, 0.01f}}, 0.5),
              (std::vector<int>{0, 1, 0}));
    EXPECT_EQ(fresh.names, (std::vector<std::string>{"person_1", "person_2"}));
}

TEST(IdentityClusters, StreamingAssignsToNearestCentroidOrStartsAPerson) {
    // Five people; the first 20 faces cluster in a batch, people 0–3 only.
    const Faces faces = make_faces(5, 8, 0.3f, 21);
    std::vector<std::vector<float>> first, later;
    std::vector<int> first_truth, later_truth;
    for (size_t i = 0; i < faces.truth.size(); ++i) {
        const bool early = faces.truth[i] < 4 && first.size() < 20;
        (early ? first : later).push_back(faces.embeddings[i]);
        (early ? first_truth : later_truth).push_back(faces.truth[i]);
    }
    IdentityClusters c = cluster_identities(first, 0.5);
    ASSERT_EQ(c.labels, first_appearance_labels(first_truth));
    const std::vector<int> labels = assign_identities(c, later, 0.5);
    // Everything, batch and stream, labelled by first appearance overall.
    std::vector<int> all_truth = first_truth;
    all_truth.insert(all_truth.end(), later_truth.begin(), later_truth.end());
    EXPECT_EQ(c.labels, first_appearance_labels(all_truth));
    EXPECT_EQ(labels, std::vector<int>(c.labels.begin() + 20, c.labels.end()));
    ASSERT_EQ(c.names.size(), 5u);  // person 4 appeared in the stream only
    EXPECT_EQ(c.names.back(), "person_5");
    EXPECT_EQ(c.sizes[4], 8);
    int total = 0;
    for (int s : c.sizes)
        total += s;
    EXPECT_EQ(total, 40);
    // A threshold nothing passes: every streamed face is someone new.
    IdentityClusters strict = cluster_identities(first, 0.5);
    const size_t known = strict.names.size();
    EXPECT_EQ(assign_identities(strict, {later[0], later[0]}, -1.0),
              (std::vector<int>{int(known), int(known) + 1}));
}

TEST(IdentityClusters, SimilarityAndInvalidInput) {
    EXPECT_NEAR(cosine_similarity({1, 0}, {1, 1}), std::sqrt(0.5), 1e-7);
    EXPECT_NEAR(cosine_similarity({2, 0}, {-5, 0}), -1.0, 1e-12);
    EXPECT_THROW(cosine_similarity({1, 0}, {1, 0, 0}), Error);
    EXPECT_THROW(cosine_similarity({0, 0}, {1, 0}), Error);
    EXPECT_THROW(l2_normalised({}), Error);
    EXPECT_THROW(l2_normalised({std::numeric_limits<float>::quiet_NaN(), 1}), Error);
    EXPECT_THROW(cluster_identities({{1, 0}, {1, 0, 0}}, 0.5), Error);
    EXPECT_THROW(cluster_identities({{1, 0}}, std::numeric_limits<double>::quiet_NaN()), Error);
    IdentityClusters c = cluster_identities({{1, 0}, {0, 1}}, 0.5);
    const IdentityClusters before = c;
    EXPECT_THROW(assign_identities(c, {{1, 0}, {1, 0, 0}}, 0.5), Error);
    EXPECT_THROW(assign_identities(c, {{1, 0}, {0, 0}}, 0.5), Error);
    // A rejected batch leaves the clusters as they were.
    EXPECT_EQ(c.labels, before.labels);
    EXPECT_EQ(c.sizes, before.sizes);
    EXPECT_EQ(c.centroids, before.centroids);
}

}  // namespace
}  // namespace facellava
