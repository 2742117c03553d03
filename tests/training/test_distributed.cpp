// Data-parallel building blocks without child processes: the torchrun
// environment, the distributed sampler (disjoint shards whose union is the
// single-process step, per-epoch reshuffles, re-planning after a world-size
// change), the config options, and gradient buckets over a real two-rank Gloo
// group made of two threads of this process.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "batching/length_grouping.h"
#include "dataset/sampling_plan.h"
#include "dist_test_support.h"
#include "distributed/c10d_adapter.h"
#include "distributed/dist_context.h"
#include "distributed/dist_env.h"
#include "distributed/distributed_sampler.h"
#include "distributed/gradient_buckets.h"
#include "facellava/core/error.h"
#include "facellava/training/train_config.h"

namespace facellava::training {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end())
            return std::nullopt;
        return it->second;
    };
}

std::map<std::string, std::string> torchrun_env() {
    return {{"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29500"}, {"RANK", "3"},
            {"WORLD_SIZE", "8"},      {"LOCAL_RANK", "1"},      {"LOCAL_WORLD_SIZE", "2"}};
}

std::string error_of(const EnvLookup& lookup) {
    try {
        read_dist_env(lookup);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(DistEnv, ReadsTorchrunVariablesAndNamesTheBadOne) {
    EXPECT_FALSE(read_dist_env(env_of({})).has_value()) << "no WORLD_SIZE: a single process";
    const auto env = read_dist_env(env_of(torchrun_env()));
    ASSERT_TRUE(env.has_value());
    EXPECT_EQ(env->master_addr, "node7");
    EXPECT_EQ(env->master_port, 29500);
    EXPECT_EQ(env->rank, 3);
    EXPECT_EQ(env->world_size, 8);
    EXPECT_EQ(env->local_rank, 1);
    EXPECT_EQ(env->local_world_size, 2);

    auto without = torchrun_env();
    without.erase("RANK");
    EXPECT_NE(error_of(env_of(without)).find("RANK is not set"), std::string::npos);
    auto rank_too_big = torchrun_env();
    rank_too_big["RANK"] = "8";
    EXPECT_NE(error_of(env_of(rank_too_big)).find("RANK='8'"), std::string::npos);
    auto bad_port = torchrun_env();
    bad_port["MASTER_PORT"] = "http";
    EXPECT_NE(error_of(env_of(bad_port)).find("MASTER_PORT='http'"), std::string::npos);
    auto local_too_big = torchrun_env();
    local_too_big["LOCAL_RANK"] = "2";
    EXPECT_NE(error_of(env_of(local_too_big)).find("LOCAL_RANK='2'"), std::string::npos);
}

TEST(DistConfig, OptionsAreInTheJsonTheFlagsAndTheValidation) {
    TrainConfig c;
    set_train_config_value(c, "nproc", "4");
    set_train_config_value(c, "dist_backend", "gloo");
    set_train_config_value(c, "dist_timeout_s", "90");
    const auto json = nlohmann::json::parse(train_config_to_json(c));
    EXPECT_EQ(json["nproc"], 4);
    EXPECT_EQ(json["dist_backend"], "gloo");
    EXPECT_EQ(json["dist_timeout_s"], 90.0);
    EXPECT_EQ(json["dist_bucket_mb"], 25.0);
    EXPECT_EQ(json["dist_overlap"], true);
    set_train_config_value(c, "dist_overlap", "false");
    EXPECT_FALSE(parse_train_config(train_config_to_json(c), "run.json").dist.overlap);
    const TrainConfig back = parse_train_config(json.dump(), "run.json");
    EXPECT_EQ(back.dist.nproc, 4);
    EXPECT_EQ(back.dist.backend, "gloo");

    c.checkpoint.output_dir = "out";
    c.model.checkpoint = "ckpt";
    c.data.train_files = {"train.json"};
    c.dist.backend = "mpi";
    c.dist.nproc = 0;
    try {
        validate_train_config(c);
        FAIL() << "accepted dist_backend mpi and nproc 0";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("dist_backend"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nproc"), std::string::npos) << e.what();
    }
    EXPECT_THROW(resolve_comm_backend("nccl", /*cuda=*/false), Error);
    EXPECT_EQ(resolve_comm_backend("auto", /*cuda=*/false), CommBackend::Gloo);
}

// The sample indices of a plan, in order.
std::vector<int64_t> flat(const BatchPlan& plan) {
    std::vector<int64_t> out;
    for (const auto& b : plan)
        out.insert(out.end(), b.begin(), b.end());
    return out;
}

TEST(DistributedSampler, ShardsAreDisjointAndTheirUnionIsTheSingleProcessStep) {
    std::vector<std::string> tasks;
    std::vector<int64_t> lengths;
    for (int i = 0; i < 23; ++i) {
        tasks.push_back(i % 3 == 0 ? "fer" : "au");
        lengths.push_back(10 + (i * 7) % 13);
    }
    for (const int world : {1, 2, 3}) {
        const int64_t per_rank = 2;
        const auto order = epoch_sample_order(tasks, {}, 5, 0);
        // What one process with batch per_rank × world does…
        const BatchPlan single = make_batches(order, lengths, per_rank * world, true, 5, 0);
        // …and each rank's share of the same global micro-batches.
        std::vector<BatchPlan> shares;
        for (int r = 0; r < world; ++r)
            shares.push_back(rank_shares(single, r, world));
        for (size_t b = 0; b < single.size(); ++b) {
            std::vector<int64_t> joined;
            for (int r = 0; r < world; ++r) {
                const auto& s = shares[size_t(r)][b];
                EXPECT_LE(int64_t(s.size()), per_rank);
                joined.insert(joined.end(), s.begin(), s.end());
            }
            EXPECT_EQ(joined, single[b]) << "world " << world << " batch " << b;
        }
        // Disjoint over the epoch: every sample exactly once across ranks.
        std::vector<int64_t> all;
        for (const auto& plan : shares) {
            const auto f = flat(plan);
            all.insert(all.end(), f.begin(), f.end());
        }
        std::sort(all.begin(), all.end());
        std::vector<int64_t> expected = order;
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(all, expected) << "world " << world;
    }
}

TEST(DistributedSampler, EachEpochIsReshuffledDeterministicallyBySeed) {
    std::vector<std::string> tasks(40, "fer");
    std::vector<int64_t> lengths(40, 5);
    auto rank0 = [&](uint64_t seed, int64_t epoch) {
        const auto order = epoch_sample_order(tasks, {}, seed, epoch);
        return rank_shares(make_batches(order, lengths, 8, false, seed, epoch), 0, 4);
    };
    EXPECT_EQ(rank0(9, 0), rank0(9, 0));
    EXPECT_EQ(rank0(9, 1), rank0(9, 1));
    EXPECT_NE(rank0(9, 0), rank0(9, 1)) << "epochs must differ";
    EXPECT_NE(rank0(9, 0), rank0(10, 0)) << "seeds must differ";
}

TEST(DistributedSampler, ReplanningAfterABatchSizeChangeSeesEverySampleOnce) {
    // Task weights 2 and 0.5: samples repeat within the epoch.
    std::vector<std::string> tasks;
    std::vector<int64_t> lengths;
    for (int i = 0; i < 30; ++i) {
        tasks.push_back(i < 10 ? "twice" : (i < 20 ? "half" : "once"));
        lengths.push_back(3 + (i * 5) % 17);
    }
    const std::map<std::string, double> weights{{"twice", 2.0}, {"half", 0.5}};
    const auto order = epoch_sample_order(tasks, weights, 77, 2);
    EpochBatchesParams p;
    p.order = &order;
    p.lengths = &lengths;
    p.group_by_length = true;
    p.seed = 77;
    p.epoch = 2;
    // 4 ranks × 2, then 1 × 3, then 2 × 5 for the rest.
    const BatchPlan first = remaining_epoch_batches(p, {}, 8);
    EXPECT_EQ(first, make_batches(order, lengths, 8, true, 77, 2));
    std::vector<EpochSegment> done = {{8, 2}};
    const BatchPlan second = remaining_epoch_batches(p, done, 3);
    done.push_back({3, 4});
    const BatchPlan third = remaining_epoch_batches(p, done, 10);

    std::vector<int64_t> seen;
    for (size_t b = 0; b < 2; ++b)
        seen.insert(seen.end(), first[b].begin(), first[b].end());
    for (size_t b = 0; b < 4; ++b)
        seen.insert(seen.end(), second[b].begin(), second[b].end());
    const auto rest = flat(third);
    seen.insert(seen.end(), rest.begin(), rest.end());
    std::sort(seen.begin(), seen.end());
    std::vector<int64_t> expected = order;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(seen, expected);
    for (const auto& b : third)
        EXPECT_LE(b.size(), 10u);
}

// Two ranks of a real Gloo group, one per thread.
template <typename Body>
void run_two_ranks(Body body) {
    const int port = disttest::free_port();
    std::string errors[2];
    std::thread ranks[2];
    for (int r = 0; r < 2; ++r) {
        ranks[r] = std::thread([&, r] {
            try {
                DistJoinOptions options;
                options.backend = "gloo";
                options.timeout_s = 30;
                auto ctx = DistContext::join(disttest::loopback_env(port, r, 2), options);
                body(*ctx, r);
            } catch (const std::exception& e) {
                errors[r] = e.what();
            }
        });
    }
    for (auto& t : ranks)
        t.join();
    EXPECT_EQ(errors[0], "");
    EXPECT_EQ(errors[1], "");
}

constexpr const char* kNoGloo =
    "built without the gloo headers (Debian: libgloo-dev; re-run cmake after installing)";

TEST(DistGradientBuckets, AverageOverTwoGlooRanksKeepsUnusedParametersGradientFree) {
    if (!c10d_has_backend(CommBackend::Gloo))
        GTEST_SKIP() << kNoGloo;
    // Gradients set by hand (no backward pass): with overlap on, average()
    // starts every bucket itself.
    for (const bool overlap : {false, true}) {
        SCOPED_TRACE(overlap ? "overlap on" : "overlap off");
        torch::Tensor results[2][3];
        run_two_ranks([&](DistContext& ctx, int rank) {
            // Three parameters; a 16-byte bucket limit puts each in its own
            // bucket except the two small ones.
            NamedTensors params = {{"a", torch::zeros({2, 3}).requires_grad_()},
                                   {"b", torch::zeros({2}).requires_grad_()},
                                   {"c", torch::zeros({1}).requires_grad_()}};
            params[0].second.mutable_grad() = torch::full({2, 3}, rank == 0 ? 1.0 : 3.0);
            if (rank == 1)
                params[1].second.mutable_grad() = torch::full({2}, 4.0);
            GradientBuckets buckets(params, 16, overlap);
            EXPECT_EQ(buckets.bucket_count(), 2u);
            EXPECT_EQ(buckets.overlap(), overlap);
            buckets.average(ctx);
            EXPECT_EQ(buckets.last_step().launched_in_backward, 0);
            for (int i = 0; i < 3; ++i)
                results[rank][i] = params[size_t(i)].second.grad();
            // Rank 0's values reach rank 1.
            torch::NoGradGuard no_grad;
            params[2].second.fill_(rank == 0 ? 7.0 : -1.0);
            buckets.broadcast_values(ctx, 0);
            EXPECT_EQ(params[2].second.item<float>(), 7.0f) << "rank " << rank;
            EXPECT_NE(ctx.describe().find("of 2 (gloo)"), std::string::npos);
            EXPECT_EQ(ctx.sum({double(rank + 1)}, "test")[0], 3.0);
        });
        for (int r = 0; r < 2; ++r) {
            ASSERT_TRUE(results[r][0].defined());
            EXPECT_TRUE(torch::allclose(results[r][0], torch::full({2, 3}, 2.0)));
            ASSERT_TRUE(results[r][1].defined()) << "rank 0 had none: counts zeros";
            EXPECT_TRUE(torch::allclose(results[r][1], torch::full({2}, 2.0)));
            EXPECT_FALSE(results[r][2].defined()) << "no rank had one: stays without";
        }
    }
}

// tanh(x·W) recomputed in the backward pass, as the trainer's activation
// checkpointing does: W is not an input of the function, a nested backward
// pass accumulates into W.grad.
struct RecomputedBlock : public torch::autograd::Function<RecomputedBlock> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x,
                                 int64_t weight_address) {
        ctx->saved_data["w"] = weight_address;
        ctx->save_for_backward({x});
        return torch::tanh(torch::mm(x, *reinterpret_cast<torch::Tensor*>(weight_address)));
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_out) {
        const auto& w = *reinterpret_cast<torch::Tensor*>(ctx->saved_data["w"].toInt());
        const auto x = ctx->get_saved_variables()[0].detach().requires_grad_(true);
        torch::Tensor out;
        {
            torch::AutoGradMode grad(true);
            out = torch::tanh(torch::mm(x, w));
        }
        torch::autograd::backward({out}, {grad_out[0]});
        return {x.grad(), torch::Tensor()};
    }
};

// Deterministic values (the ranks are threads: no shared generator).
torch::Tensor wave(std::vector<int64_t> shape, double frequency, double scale) {
    int64_t n = 1;
    for (const int64_t d : shape)
        n *= d;
    return (torch::sin(torch::arange(n, torch::kFloat32) * frequency) * scale).view(shape);
}

// Six 32×32 layers (the third recomputed in backward), `u` used by rank 1
// only, `never` by no rank; two micro-batches per step, rank 0 has none in
// step 3. Returns each step's averaged gradients; `stats` the buckets' steps.
std::vector<std::vector<torch::Tensor>> train_toy(DistContext& ctx, int rank, bool overlap,
                                                  std::vector<GradientBuckets::StepStats>* stats) {
    constexpr int kLayers = 6, kDim = 32;
    NamedTensors params;
    for (int k = 0; k < kLayers; ++k) {
        params.emplace_back("w" + std::to_string(k),
                            wave({kDim, kDim}, 0.37 * (k + 1), 0.3).requires_grad_());
    }
    params.emplace_back("u", wave({kDim}, 0.11, 1.0).requires_grad_());
    params.emplace_back("never", wave({kDim}, 0.13, 1.0).requires_grad_());
    // One layer per bucket (4 KiB each).
    GradientBuckets buckets(params, kDim * kDim * 4, overlap);
    std::vector<std::vector<torch::Tensor>> grads;
    for (int step = 0; step < 3; ++step) {
        const int micro = rank == 0 && step == 2 ? 0 : 2;
        for (int m = 0; m < micro; ++m) {
            auto h =
                wave({4, kDim}, 0.5 + 0.1 * rank + 0.01 * step + 0.001 * m, 1.0).requires_grad_();
            for (int k = 0; k < kLayers; ++k) {
                h = k == 2 ? RecomputedBlock::apply(
                                 h, reinterpret_cast<int64_t>(&params[size_t(k)].second))
                           : torch::tanh(torch::mm(h, params[size_t(k)].second));
            }
            auto loss = h.pow(2).sum();
            if (rank == 1)
                loss = loss + (h * params[kLayers].second).sum();
            if (m + 1 == micro)
                buckets.arm(ctx);
            loss.backward();
        }
        buckets.average(ctx);
        stats->push_back(buckets.last_step());
        std::vector<torch::Tensor> step_grads;
        torch::NoGradGuard no_grad;
        for (auto& [name, p] : params) {
            step_grads.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
            if (p.grad().defined())
                p.sub_(p.grad() * 0.1);
            p.mutable_grad() = torch::Tensor();
        }
        grads.push_back(step_grads);
    }
    return grads;
}

TEST(DistGradientBuckets, OverlapWithBackwardAveragesLikeAfterBackwardAndStartsBucketsEarly) {
    if (!c10d_has_backend(CommBackend::Gloo))
        GTEST_SKIP() << kNoGloo;
    std::vector<std::vector<torch::Tensor>> off[2], on[2];
    std::vector<GradientBuckets::StepStats> off_stats[2], on_stats[2];
    run_two_ranks([&](DistContext& ctx, int rank) {
        off[rank] = train_toy(ctx, rank, false, &off_stats[rank]);
        on[rank] = train_toy(ctx, rank, true, &on_stats[rank]);
    });
    for (int r = 0; r < 2; ++r) {
        ASSERT_EQ(off[r].size(), 3u);
        ASSERT_EQ(on[r].size(), 3u);
        for (size_t step = 0; step < 3; ++step) {
            for (size_t i = 0; i < off[r][step].size(); ++i) {
                const auto& a = off[r][step][i];
                const auto& b = on[r][step][i];
                ASSERT_EQ(a.defined(), b.defined()) << "rank " << r << " step " << step;
                if (a.defined()) {
                    EXPECT_LE((a - b).abs().max().item<double>(), 1e-6)
                        << "rank " << r << " step " << step << " parameter " << i;
                }
            }
            EXPECT_FALSE(off[r][step][7].defined()) << "`never` stays without a gradient";
            EXPECT_TRUE(off[r][step][6].defined()) << "`u`: rank 1's gradient, halved";
            EXPECT_FALSE(off_stats[r][step].overlapped);
            EXPECT_EQ(off_stats[r][step].launched_in_backward, 0);
        }
        // Step 1: reverse registration order puts `never` and `u` in the
        // first bucket, which no backward completes; then the layout follows
        // the order the gradients came in.
        EXPECT_TRUE(on_stats[r][0].rebuilt);
        EXPECT_EQ(on_stats[r][0].launched_in_backward, 0);
        const auto& s = on_stats[r][1];
        EXPECT_TRUE(s.overlapped);
        EXPECT_FALSE(s.rebuilt);
        EXPECT_EQ(s.buckets, 7) << "six layers, then `u` and `never`";
        EXPECT_EQ(s.ready_in_backward, r == 1 ? 7 : 6);
        EXPECT_GE(s.launched_in_backward, 5) << "rank " << r;
        EXPECT_GE(s.ready_at_first_launch, 1);
        EXPECT_LT(s.ready_at_first_launch, s.ready_in_backward)
            << "the first all-reduce started before the last gradient was computed";
        // Step 3: rank 0 had no micro-batch and starts everything in average().
        EXPECT_EQ(on_stats[r][2].overlapped, r == 1);
        EXPECT_EQ(on_stats[r][2].launched_in_backward, r == 1 ? 6 : 0);
    }
}

// `w` is used inside a recomputed block and outside it: its .grad changes
// after its bucket left. Both ranks see it, reduce that step after backward
// and keep overlap off.
TEST(DistGradientBuckets, AGradientAccumulatedTwiceInOneBackwardFallsBackToAfterBackward) {
    if (!c10d_has_backend(CommBackend::Gloo))
        GTEST_SKIP() << kNoGloo;
    torch::Tensor grads[2][2];
    std::string reasons[2];
    run_two_ranks([&](DistContext& ctx, int rank) {
        for (const bool overlap : {false, true}) {
            NamedTensors params = {{"w", wave({8, 8}, 0.3, 0.5).requires_grad_()}};
            GradientBuckets buckets(params, 1 << 20, overlap);
            auto& w = params[0].second;
            const auto x = wave({3, 8}, 0.7 + rank, 1.0).requires_grad_();
            const auto loss = RecomputedBlock::apply(x, reinterpret_cast<int64_t>(&w)).sum() +
                              torch::mm(x, w).pow(2).sum();
            buckets.arm(ctx);
            loss.backward();
            buckets.average(ctx);
            grads[rank][overlap ? 1 : 0] = w.grad().clone();
            if (overlap) {
                reasons[rank] = buckets.overlap_off_reason();
                EXPECT_FALSE(buckets.overlap());
            }
        }
    });
    for (int r = 0; r < 2; ++r) {
        EXPECT_NE(reasons[r].find("accumulated again"), std::string::npos) << reasons[r];
        EXPECT_LE((grads[r][0] - grads[r][1]).abs().max().item<double>(), 1e-6);
        EXPECT_LE((grads[r][0] - grads[0][0]).abs().max().item<double>(), 0.0);
    }
}

TEST(DistContextJoin, AGroupNobodyJoinsFailsWithAClearErrorAfterTheTimeout) {
    if (!c10d_has_backend(CommBackend::Gloo))
        GTEST_SKIP() << kNoGloo;
    DistJoinOptions options;
    options.backend = "gloo";
    options.timeout_s = 2;
    const auto start = std::chrono::steady_clock::now();
    try {
        DistContext::join(disttest::loopback_env(disttest::free_port(), 0, 2), options);
        FAIL() << "joined a group of two alone";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("rank 0 of 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("could not join"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
              30.0);
}

}  // namespace
}  // namespace facellava::training
