// Grouping faces into identities by their embeddings (face-recognition nets
// such as faceres, 1024 values, or mobilefacenet, 192): cosine similarity of
// L2-normalised embeddings, agglomerative clustering with average linkage cut
// at a distance threshold, and incremental assignment of later faces.
//
// Distance = 1 − cosine similarity, in [0, 2] (0: same direction). The
// threshold depends on the embedding net: for ArcFace-style nets, faces of one
// person are typically above ~0.4–0.5 similarity (distance below ~0.5–0.6)
// and strangers near 0; calibrate on your own data.
//
// Ids are deterministic: clusters are numbered by their earliest member
// ("person_1" holds the first embedding, "person_2" the first one not in
// person_1, …), whatever the merge order, and ties in distance are broken by
// the lower indices.
//
// Thread-safety: every function here is reentrant.
#pragma once

#include <string>
#include <vector>

namespace facellava {

// The embedding scaled to unit length. Throws facellava::Error when it is
// empty, not finite or all zeros.
std::vector<float> l2_normalised(const std::vector<float>& embedding);

// Cosine similarity of two embeddings (each normalised first), in [−1, 1].
// Throws facellava::Error when the sizes differ or either cannot be normalised.
double cosine_similarity(const std::vector<float>& a, const std::vector<float>& b);

struct IdentityClusters {
    // Per clustered embedding, in input order: its cluster's index into the
    // vectors below (0-based; clusters in order of their first member).
    std::vector<int> labels;
    std::vector<std::string> names;  // "person_1", "person_2", …
    // Per cluster: the mean of its members' normalised embeddings (not itself
    // unit length; its norm falls as the members spread), and the member count.
    std::vector<std::vector<float>> centroids;
    std::vector<int> sizes;
};

// Average-linkage agglomerative clustering: repeatedly merges the two clusters
// with the smallest mean pairwise distance while that is ≤ max_distance.
// max_distance < 0 keeps every embedding apart; ≥ 2 merges everything. O(n²)
// memory, about O(n²) time on typical data (O(n³) at worst), so meant for up to
// a few thousand faces. Empty input gives empty clusters. Throws
// facellava::Error when embeddings differ in size or one cannot be normalised,
// or max_distance is not a number.
IdentityClusters cluster_identities(const std::vector<std::vector<float>>& embeddings,
                                    double max_distance);

// Streaming: assigns each embedding of a batch, in order, to the cluster whose
// normalised centroid is nearest if that distance is ≤ max_distance (ties: the
// lower index), else to a new cluster named after the last (person_<n+1>).
// Updates the clusters in place (labels appended, centroids and sizes updated,
// so later embeddings of the same batch see earlier ones). Returns the batch's
// labels. Same errors as cluster_identities, plus a batch whose size differs
// from the clusters' embeddings.
std::vector<int> assign_identities(IdentityClusters& clusters,
                                   const std::vector<std::vector<float>>& batch,
                                   double max_distance);

// "person_<index + 1>".
std::string identity_name(int index);

}  // namespace facellava
