// The NCCL path of data-parallel training on a CUDA device, with a group of
// one process (skipped without a GPU or when LibTorch/nccl.h gave no NCCL;
// the GPU machine runs it through scripts/gpu-check.sh): rendezvous through
// the TCPStore, gradient buckets reduced on the GPU, weights broadcast.
#include <gtest/gtest.h>

#include "dist_test_support.h"
#include "distributed/c10d_adapter.h"
#include "distributed/dist_context.h"
#include "distributed/gradient_buckets.h"

namespace facellava::training {
namespace {

TEST(CudaDistributed, NcclGroupOfOneReducesGradientBucketsOnTheGpu) {
    if (!torch::cuda::is_available())
        GTEST_SKIP() << "no CUDA device visible";
    if (!c10d_has_backend(CommBackend::Nccl))
        GTEST_SKIP() << "built without the c10d NCCL backend (CPU LibTorch or no nccl.h)";
    const torch::Device gpu(torch::kCUDA, 0);
    EXPECT_EQ(resolve_comm_backend("auto", /*cuda=*/true), CommBackend::Nccl);
    DistJoinOptions options;
    options.backend = "auto";
    options.cuda = true;
    options.device = gpu;
    options.timeout_s = 120;
    auto ctx = DistContext::join(disttest::loopback_env(disttest::free_port(), 0, 1), options);
    EXPECT_EQ(ctx->backend(), CommBackend::Nccl);
    EXPECT_TRUE(ctx->comm_device().is_cuda());

    // After backward, then overlapped with it (the hooks run on the autograd
    // engine's CUDA thread).
    for (const bool overlap : {false, true}) {
        SCOPED_TRACE(overlap ? "overlap on" : "overlap off");
        auto w = torch::randn({1024, 1024}, torch::TensorOptions().device(gpu)).requires_grad_();
        auto b = torch::zeros({16}, torch::TensorOptions().device(gpu)).requires_grad_();
        NamedTensors params = {{"w", w}, {"b", b}};
        GradientBuckets buckets(params, int64_t(1) << 20, overlap);  // w (4 MiB) alone, b alone
        EXPECT_EQ(buckets.bucket_count(), 2u);
        buckets.arm(*ctx);
        (w.sum() * 2.0).backward();
        buckets.average(*ctx);
        ASSERT_TRUE(w.grad().defined());
        EXPECT_TRUE(w.grad().is_cuda());
        EXPECT_TRUE(torch::allclose(w.grad(), torch::full_like(w, 2.0)));
        EXPECT_FALSE(b.grad().defined());
        EXPECT_EQ(buckets.last_step().overlapped, overlap);
        const auto before = w.detach().clone();
        buckets.broadcast_values(*ctx, 0);
        EXPECT_TRUE(torch::equal(w.detach(), before));
        std::printf("[cuda-dist] overlap %s: %zu buckets reduced, %ld during backward\n",
                    overlap ? "on" : "off", buckets.bucket_count(),
                    long(buckets.last_step().launched_in_backward));
    }
    EXPECT_EQ(ctx->sum({1.5, 2.0}, "test")[1], 2.0);
    ctx->barrier("test");
    std::printf("[cuda-dist] NCCL group of 1 on %s\n", ctx->describe().c_str());
}

}  // namespace
}  // namespace facellava::training
