#include "bench/vision_bench.h"

#include "bench/bench_timer.h"
#include "bench/synthetic_shapes.h"
#include "vision/clip_vision_tower.h"

namespace facellava::model::bench {

io::Json run_vision_bench(const torch::TensorOptions& options, const Roofline& roofline,
                          int repeats) {
    torch::NoGradGuard no_grad;
    const auto hp = clip_vit_l14();
    ClipVisionTower tower(hp);
    tower->to(options.device(), c10::typeMetaToScalarType(options.dtype()));
    randomise(*tower, 3);
    const VisionFeatureSelect
        select;  // layer -2, patch tokens: what Face-LLaVA feeds its projector
    const double tokens = double(hp.num_positions());
    const double D = double(hp.hidden_size), I = double(hp.intermediate_size);
    const double layers =
        double(hp.num_hidden_layers - 1);  // the last layer is not run for select -2
    const double flop_per_image =
        layers * (2.0 * tokens * (4 * D * D + 2 * D * I) + 4.0 * tokens * tokens * D);
    io::Json out = io::Json::array();
    for (int64_t batch : {int64_t(1), int64_t(8)}) {
        const auto pixels = torch::randn({batch, 3, hp.image_size, hp.image_size}, options);
        const double ms =
            median_ms(options.device(), 2, repeats, [&] { tower->features(pixels, select); });
        const double tflop_s = flop_per_image * double(batch) / (ms * 1e-3) / 1e12;
        out.push_back({{"model", "clip-vit-l14-224"},
                       {"input", batch == 1 ? "image" : "8 video frames"},
                       {"batch", batch},
                       {"ms", ms},
                       {"tflop_s", tflop_s},
                       {"fraction_of_matmul_peak", tflop_s / roofline.matmul_tflop_s}});
    }
    return out;
}

}  // namespace facellava::model::bench
