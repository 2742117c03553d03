#include "frgca_bench.h"

#include "bench_timer.h"
#include "facellava/model/face_regions.h"
#include "multimodal/frgca.h"
#include "synthetic_shapes.h"

namespace facellava::model::bench {

io::Json run_frgca_bench(const torch::TensorOptions& options, const Roofline& roofline,
                         int repeats) {
    torch::NoGradGuard no_grad;
    FrgcaHParams hp;  // the defaults are Face-LLaVA's: simple, 4096 wide, 8 heads
    const auto frgca = make_frgca(hp);
    frgca->to(options.device(), c10::typeMetaToScalarType(options.dtype()));
    randomise(*frgca, 4);
    const double D = double(hp.hidden_size), L = double(kNumFaceRegions);
    io::Json out = io::Json::array();
    struct Shape {
        const char* input;
        int64_t frames;  // 0: an image, (B, N, D)
        int64_t tokens;  // visual tokens per image / frame
    };
    for (const Shape& shape : {Shape{"image", 0, 256}, Shape{"8 video frames", 8, 257}}) {
        const int64_t T = std::max<int64_t>(1, shape.frames), N = shape.tokens;
        torch::manual_seed(5);
        auto visual = torch::randn({1, T, N, hp.hidden_size}, options);
        auto tokens = torch::randn({1, T, kNumFaceRegions, hp.hidden_size}, options);
        if (shape.frames == 0) {
            visual = visual.squeeze(1);  // (1, N, D)
            tokens = tokens.squeeze(1);  // (1, 9, D)
        }
        const double ms = median_ms(options.device(), 1, repeats,
                                    [&] { frgca->forward(visual, tokens, torch::Tensor()); });
        // Per frame: q, out_proj and linear_proj on N tokens, k and v on 9,
        // logits and the weighted sum over 9 keys.
        const double flop =
            double(T) * (6.0 * double(N) * D * D + 4.0 * L * D * D + 4.0 * double(N) * L * D);
        const double tflop_s = flop / (ms * 1e-3) / 1e12;
        out.push_back({{"model", "frgca-simple-4096x8"},
                       {"input", shape.input},
                       {"visual_tokens", int64_t(T * N)},
                       {"ms", ms},
                       {"gflop", flop / 1e9},
                       {"tflop_s", tflop_s},
                       {"fraction_of_matmul_peak", tflop_s / roofline.matmul_tflop_s}});
    }
    return out;
}

}  // namespace facellava::model::bench
