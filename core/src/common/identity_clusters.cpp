// Identity clustering: average linkage with a nearest-neighbour cache
// (Lance–Williams update of the distance matrix), and nearest-centroid
// assignment for streams.
#include "facellava/core/identity_clusters.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "facellava/core/error.h"

namespace facellava {
namespace {

// All embeddings normalised, in double; one size for all (expected_size when
// ≥ 0). Throws before anything is changed.
std::vector<std::vector<double>> normalise_all(const std::vector<std::vector<float>>& embeddings,
                                               long expected_size) {
    std::vector<std::vector<double>> out;
    out.reserve(embeddings.size());
    for (size_t i = 0; i < embeddings.size(); ++i) {
        if (expected_size < 0)
            expected_size = long(embeddings[i].size());
        if (long(embeddings[i].size()) != expected_size) {
            throw Error("identity clusters: embedding " + std::to_string(i) + " has " +
                        std::to_string(embeddings[i].size()) + " values, expected " +
                        std::to_string(expected_size));
        }
        const std::vector<float> unit = l2_normalised(embeddings[i]);
        out.emplace_back(unit.begin(), unit.end());
    }
    return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

void check_threshold(double max_distance) {
    if (std::isnan(max_distance))
        throw Error("identity clusters: the distance threshold is not a number");
}

}  // namespace

std::vector<float> l2_normalised(const std::vector<float>& embedding) {
    double sum = 0;
    for (float v : embedding)
        sum += double(v) * v;
    if (embedding.empty() || !std::isfinite(sum) || !(sum > 0))
        throw Error("embedding is empty, not finite or all zeros");
    const double inv = 1.0 / std::sqrt(sum);
    std::vector<float> out(embedding.size());
    for (size_t i = 0; i < embedding.size(); ++i)
        out[i] = float(embedding[i] * inv);
    return out;
}

double cosine_similarity(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) {
        throw Error("cosine similarity: embeddings of " + std::to_string(a.size()) + " and " +
                    std::to_string(b.size()) + " values");
    }
    const std::vector<std::vector<double>> unit = normalise_all({a, b}, long(a.size()));
    return std::max(-1.0, std::min(1.0, dot(unit[0], unit[1])));
}

std::string identity_name(int index) {
    return "person_" + std::to_string(index + 1);
}

IdentityClusters cluster_identities(const std::vector<std::vector<float>>& embeddings,
                                    double max_distance) {
    check_threshold(max_distance);
    const std::vector<std::vector<double>> unit = normalise_all(embeddings, -1);
    const size_t n = unit.size();

    // dist[i·n + j]: average-linkage distance between clusters i and j (each
    // cluster named by its lowest member while active).
    std::vector<double> dist(n * n, 0.0);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j)
            dist[i * n + j] = dist[j * n + i] = 1.0 - dot(unit[i], unit[j]);
    }
    std::vector<char> active(n, 1);
    std::vector<int> count(n, 1);
    std::vector<size_t> parent(n);
    std::iota(parent.begin(), parent.end(), size_t(0));
    const double inf = std::numeric_limits<double>::infinity();
    // Each active cluster's nearest active neighbour (lowest index on ties).
    std::vector<size_t> nearest(n, 0);
    std::vector<double> nearest_d(n, inf);
    const auto refresh = [&](size_t i) {
        nearest_d[i] = inf;
        for (size_t j = 0; j < n; ++j) {
            if (j != i && active[j] && dist[i * n + j] < nearest_d[i]) {
                nearest_d[i] = dist[i * n + j];
                nearest[i] = j;
            }
        }
    };
    for (size_t i = 0; i < n; ++i)
        refresh(i);

    for (;;) {
        size_t best = n;
        for (size_t i = 0; i < n; ++i) {
            if (active[i] && (best == n || nearest_d[i] < nearest_d[best]))
                best = i;
        }
        if (best == n || !(nearest_d[best] <= max_distance))
            break;
        const size_t a = std::min(best, nearest[best]), b = std::max(best, nearest[best]);
        const double na = count[a], nb = count[b];
        for (size_t k = 0; k < n; ++k) {
            if (!active[k] || k == a || k == b)
                continue;
            const double d = (na * dist[a * n + k] + nb * dist[b * n + k]) / (na + nb);
            dist[a * n + k] = dist[k * n + a] = d;
        }
        active[b] = 0;
        parent[b] = a;
        count[a] += count[b];
        refresh(a);
        for (size_t k = 0; k < n; ++k) {
            if (!active[k] || k == a)
                continue;
            if (nearest[k] == a || nearest[k] == b) {
                refresh(k);
            } else if (dist[k * n + a] < nearest_d[k] ||
                       (dist[k * n + a] == nearest_d[k] && a < nearest[k])) {
                nearest_d[k] = dist[k * n + a];
                nearest[k] = a;
            }
        }
    }

    // Clusters numbered by first member: scanning in input order meets each
    // cluster's lowest member first.
    IdentityClusters out;
    std::vector<int> index_of_root(n, -1);
    for (size_t i = 0; i < n; ++i) {
        size_t root = i;
        while (parent[root] != root)
            root = parent[root];
        if (index_of_root[root] < 0) {
            index_of_root[root] = int(out.names.size());
            out.names.push_back(identity_name(index_of_root[root]));
            out.centroids.emplace_back(unit[i].size(), 0.0f);
            out.sizes.push_back(0);
        }
        out.labels.push_back(index_of_root[root]);
    }
    std::vector<std::vector<double>> sums(out.names.size(),
                                          std::vector<double>(n ? unit[0].size() : 0, 0.0));
    for (size_t i = 0; i < n; ++i) {
        const size_t c = size_t(out.labels[i]);
        for (size_t k = 0; k < unit[i].size(); ++k)
            sums[c][k] += unit[i][k];
        ++out.sizes[c];
    }
    for (size_t c = 0; c < sums.size(); ++c) {
        for (size_t k = 0; k < sums[c].size(); ++k)
            out.centroids[c][k] = float(sums[c][k] / out.sizes[c]);
    }
    return out;
}

std::vector<int> assign_identities(IdentityClusters& clusters,
                                   const std::vector<std::vector<float>>& batch,
                                   double max_distance) {
    check_threshold(max_distance);
    if (clusters.centroids.size() != clusters.names.size() ||
        clusters.sizes.size() != clusters.names.size())
        throw Error("identity clusters: names, centroids and sizes differ in number");
    const long size = clusters.centroids.empty() ? -1 : long(clusters.centroids[0].size());
    const std::vector<std::vector<double>> unit = normalise_all(batch, size);

    std::vector<int> labels;
    for (const std::vector<double>& e : unit) {
        int best = -1;
        double best_d = std::numeric_limits<double>::infinity();
        for (size_t c = 0; c < clusters.centroids.size(); ++c) {
            const std::vector<float>& m = clusters.centroids[c];
            double norm2 = 0, d = 0;
            for (size_t k = 0; k < m.size(); ++k) {
                norm2 += double(m[k]) * m[k];
                d += double(m[k]) * e[k];
            }
            // A centroid whose members cancel out points nowhere: distance 1.
            const double distance = norm2 > 0 ? 1.0 - d / std::sqrt(norm2) : 1.0;
            if (distance < best_d) {
                best_d = distance;
                best = int(c);
            }
        }
        if (best >= 0 && best_d <= max_distance) {
            std::vector<float>& m = clusters.centroids[size_t(best)];
            const double n = ++clusters.sizes[size_t(best)];
            for (size_t k = 0; k < m.size(); ++k)
                m[k] = float(m[k] + (e[k] - m[k]) / n);
        } else {
            best = int(clusters.names.size());
            clusters.names.push_back(identity_name(best));
            clusters.centroids.emplace_back(e.begin(), e.end());
            clusters.sizes.push_back(1);
        }
        clusters.labels.push_back(best);
        labels.push_back(best);
    }
    return labels;
}

}  // namespace facellava
