// Loading keeps host memory near the model's own size: the main weights are
// read, copied into the model and dropped one tensor at a time (issue #23:
// peak RSS ≤ 1.2× the weights). Measured on a synthetic 16-bit checkpoint
// written both as safetensors and in torch.save's zip format; ctest runs each
// case in its own process and the peak is reset (/proc/self/clear_refs) before
// the load, so it is this load's peak alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/facellava_model.h"
#include "io/lazy_state_dict.h"
#include "io/safetensors.h"
#include "test_support.h"

namespace facellava::model {
namespace {
namespace fs = std::filesystem;

// LLaMA layers sized so no single tensor is more than a few percent of the
// whole: the bound is about holding the checkpoint twice, not one tensor.
io::Json synthetic_config() {
    return {{"vocab_size", 2048},
            {"hidden_size", 512},
            {"intermediate_size", 1408},
            {"num_hidden_layers", 16},
            {"num_attention_heads", 8},
            {"max_position_embeddings", 512},
            {"rms_norm_eps", 1e-5},
            {"rope_theta", 10000.0},
            {"mm_projector_type", "mlp2x_gelu"},
            {"mm_hidden_size", 64},
            {"landmarks_projector_type", "landmarks_region_projector"},
            {"global_landmarks_projector_type", "linear"},
            {"cross_attn_type", "simple"},
            {"landmarks_hidden_size", 136}};
}

FaceLlavaHParams synthetic_hparams() {
    return FaceLlavaHParams::from_json(io::JsonConfig(synthetic_config(), "synthetic config"));
}

int64_t status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0)
            return std::stoll(line.substr(field.size() + 1));
    }
    ADD_FAILURE() << field << " not in /proc/self/status";
    return 0;
}

void reset_peak_rss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";  // resets VmHWM to the current RSS (Linux ≥ 4.0)
    clear.close();
    ASSERT_TRUE(clear.good()) << "cannot reset the peak RSS through /proc/self/clear_refs";
}

struct Written {
    std::string dir;
    io::StateDict weights;
    int64_t bytes = 0;
};

// The synthetic model's random bf16 weights as a checkpoint folder.
Written write_checkpoint(const std::string& format) {
    Written out;
    out.dir = test::make_temp_dir("rss-" + format);
    FaceLlavaModel model(synthetic_hparams(), torch::kBFloat16);
    c10::Dict<std::string, torch::Tensor> pickled;
    auto add = [&](const std::string& prefix, torch::nn::Module& module) {
        for (const auto& p : module.named_parameters()) {
            out.weights.emplace(prefix + p.key(), p.value().detach().clone());
            out.bytes += p.value().numel() * int64_t(p.value().element_size());
        }
    };
    add("", *model.llm());
    for (auto& [name, t] : out.weights)
        pickled.insert(name, t);
    if (format == "safetensors") {
        io::save_safetensors(out.dir + "/model.safetensors", out.weights);
    } else {
        const auto bytes = torch::pickle_save(c10::IValue(pickled));
        std::ofstream(out.dir + "/pytorch_model.bin", std::ios::binary)
            .write(bytes.data(), std::streamsize(bytes.size()));
    }
    return out;
}

void expect_load_within_bound(const std::string& format) {
    torch::NoGradGuard no_grad;
    Written written = write_checkpoint(format);
    const int64_t weight_bytes = written.bytes;
    const auto reference = written.weights.at("model.layers.0.self_attn.q_proj.weight");
    written.weights.clear();

    // Only the LLM: the test is about the main weights' path.
    LlamaForCausalLM llm(nullptr);
    const int64_t before_kib = status_kib("VmRSS");
    reset_peak_rss();
    {
        llm = LlamaForCausalLM(synthetic_hparams().llm, torch::kBFloat16);
        io::load_into_module(*llm, io::open_state_dict(written.dir), written.dir);
    }
    const int64_t peak_kib = status_kib("VmHWM");
    const double grown = double(peak_kib - before_kib) * 1024.0;
    std::cout << "[ rss ] " << format << ": weights " << weight_bytes / 1e6 << " MB, peak growth "
              << grown / 1e6 << " MB (" << grown / double(weight_bytes) << "x)\n";
    EXPECT_LE(grown, 1.2 * double(weight_bytes));
    // The load really happened: a parameter equals what was written.
    bool found = false;
    for (const auto& p : llm->named_parameters()) {
        if (p.key() == "model.layers.0.self_attn.q_proj.weight") {
            EXPECT_TRUE(torch::equal(p.value(), reference));
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(CheckpointMemory, SafetensorsLoadPeaksBelowOnePointTwoTimesTheWeights) {
    expect_load_within_bound("safetensors");
}

TEST(CheckpointMemory, TorchSaveLoadPeaksBelowOnePointTwoTimesTheWeights) {
    expect_load_within_bound("torch");
}

}  // namespace
}  // namespace facellava::model
