#include "vision_bench.h"

#include "bench_timer.h"
#include "runtime/graphed_call.h"
#include "synthetic_shapes.h"
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
    // What the engine runs: the forward replayed from CUDA graphs on a GPU
    // (runtime/graphed_call.h), timed against the eager forward in this run.
    GraphedCall graphed([&](const torch::Tensor& x) { return tower->features(x, select); },
                        options.device().is_cuda());
    io::Json out = io::Json::array();
    for (int64_t batch : {int64_t(1), int64_t(8)}) {
        const auto pixels = torch::randn({batch, 3, hp.image_size, hp.image_size}, options);
        const double eager_ms =
            median_ms(options.device(), 2, repeats, [&] { tower->features(pixels, select); });
        double ms = eager_ms;
        bool graphs = false;
        if (graphed.uses_graphs()) {
            const double graph_ms =
                median_ms(options.device(), 2, repeats, [&] { graphed(pixels); });
            graphs = graphed.uses_graphs();  // a failed capture ran eagerly
            if (graphs)
                ms = graph_ms;
        }
        const double tflop_s = flop_per_image * double(batch) / (ms * 1e-3) / 1e12;
        io::Json row = {{"model", "clip-vit-l14-224"},
                        {"input", batch == 1 ? "image" : "8 video frames"},
                        {"batch", batch},
                        {"cuda_graphs", graphs},
                        {"ms", ms},
                        {"tflop_s", tflop_s},
                        {"fraction_of_matmul_peak", tflop_s / roofline.matmul_tflop_s}};
        if (graphs) {
            row["eager_ms"] = eager_ms;
            row["graph_speedup"] = eager_ms / ms;
        }
        out.push_back(row);
    }
    return out;
}

}  // namespace facellava::model::bench
