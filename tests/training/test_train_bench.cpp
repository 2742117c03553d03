// The `train` bench suite: its FLOP count against a hand count of the tiny
// shape, and one short run that really trains (the loss on the repeated batch
// falls) and refuses the precisions the trainer does not run.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "bench/train_flops.h"
#include "facellava/core/error.h"
#include "io/json_config.h"
#include "synthetic_shapes.h"
#include "test_support.h"
#include "train_bench.h"

namespace facellava::training {
namespace {

BenchContext cpu_context() {
    BenchContext c;
    c.device = "cpu";
    c.dtype = "float32";
    c.matmul_tflop_s = 1.0;  // only scales the MFU
    c.synthetic = {"tiny"};
    c.repeats = 2;
    return c;
}

TEST(TrainBenchFlops, TinyMatchesHandCount) {
    // tiny: hidden 256, intermediate 688, 4 layers, 4 heads of 64 (no GQA), vocab 32000.
    const auto hp = model::bench::llama_shape("tiny");
    model::LlamaForCausalLM llm(hp);
    const int64_t attention = 4 * 256 * 256;  // q, k, v, o
    const int64_t mlp = 3 * 256 * 688;        // gate, up, down
    const int64_t norms = 2 * 256;            // input and post-attention RMSNorm
    const int64_t layers = 4 * (attention + mlp + norms);
    const int64_t expected = layers + 256 /* final norm */ + 256 * 32000 /* lm_head */;
    EXPECT_EQ(matmul_parameters(llm), expected);  // 11,356,416; the embedding is not a matmul
    EXPECT_DOUBLE_EQ(train_flops_per_token(expected, hp, 256),
                     6.0 * double(expected) + 12.0 * 4 * 256 * 256);
}

TEST(TrainBench, TinyStepTrainsOnTheRepeatedBatch) {
    model::TrainBenchSettings s;
    s.batch = 2;
    s.seq = 32;
    const auto rows = io::Json::parse(run_train_bench(cpu_context(), s));
    ASSERT_EQ(rows.size(), 1u);
    const auto& row = rows[0];
    EXPECT_EQ(row["tokens_per_step"].get<double>(), 64.0);
    EXPECT_EQ(row["trainable_parameters"], row["parameters"]);  // full fine-tuning
    EXPECT_GT(row["tokens_per_s"].get<double>(), 0.0);
    const double first = row["loss_first_step"].get<double>();
    EXPECT_TRUE(std::isfinite(first));
    // Random weights predict uniformly: the first loss is near ln(vocab).
    EXPECT_NEAR(first, std::log(32000.0), 0.5);
    EXPECT_LT(row["loss_last_step"].get<double>(), first);
    EXPECT_LT(row["loss_after"].get<double>(), row["loss_last_step"].get<double>());
}

TEST(TrainBench, RefusesPrecisionsTheTrainerDoesNotRun) {
    auto c = cpu_context();
    c.dtype = "bfloat16";  // bf16 autocast is CUDA-only in the trainer
    EXPECT_THROW(run_train_bench(c, {}), Error);
    c.dtype = "float16";
    EXPECT_THROW(run_train_bench(c, {}), Error);
}

TEST(TrainBench, StopsWhenCancelled) {
    auto c = cpu_context();
    std::atomic<bool> cancel{true};
    c.cancel = &cancel;
    EXPECT_THROW(run_train_bench(c, {}), Error);
}

// --train-trace: with a LibTorch built with Kineto (the wheels') the file is
// a Chrome trace of the step, its matmuls and optimiser among the events;
// without Kineto (Debian's) the run stops before any work with an error that
// says so, and leaves no file behind. Two shapes are refused either way.
TEST(TrainBench, WritesAKernelTraceOfOneStepOrSaysWhyNot) {
    const auto path =
        (std::filesystem::path(test::make_temp_dir("train_trace")) / "step.json").string();
    model::TrainBenchSettings s;
    s.batch = 1;
    s.seq = 16;
    s.trace_path = path;
    auto two = cpu_context();
    two.synthetic = {"tiny", "tiny"};
    EXPECT_THROW(run_train_bench(two, s), Error);
    try {
        const auto rows = io::Json::parse(run_train_bench(cpu_context(), s));
        EXPECT_EQ(rows[0]["trace"], path);
        const auto trace = io::read_json_file(path);
        bool matmul = false, adamw = false;
        for (const auto& event : trace["traceEvents"]) {
            const auto name = event.value("name", std::string());
            matmul =
                matmul || name == "aten::mm" || name == "aten::addmm" || name == "aten::linear";
            adamw = adamw || name.find("adamw") != std::string::npos ||
                    name.find("addcdiv") != std::string::npos;
        }
        EXPECT_TRUE(matmul) << "no matmul among the trace's events";
        EXPECT_TRUE(adamw) << "no optimiser update among the trace's events";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("Kineto"), std::string::npos) << e.what();
        EXPECT_EQ(e.path(), path);
        EXPECT_FALSE(std::filesystem::exists(path));
    }
}

}  // namespace
}  // namespace facellava::training
