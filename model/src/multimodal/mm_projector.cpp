#include "multimodal/mm_projector.h"

#include <regex>

#include "facellava/core/error.h"

namespace facellava::model {
namespace {

constexpr const char* kSupported = "linear, mlp<N>x_gelu (e.g. mlp2x_gelu), identity";

// Depth N of "mlp<N>x_gelu", 0 when the name has another form.
int mlp_depth(const std::string& type) {
    static const std::regex pattern("^mlp([0-9]+)x_gelu$");
    std::smatch match;
    if (!std::regex_match(type, match, pattern))
        return 0;
    return std::stoi(match[1].str());
}

bool is_supported(const std::string& type) {
    return type == "linear" || type == "identity" || mlp_depth(type) >= 1;
}

}  // namespace

MmProjectorHParams MmProjectorHParams::from_json(const io::JsonConfig& config) {
    MmProjectorHParams hp;
    hp.type = config.get_or<std::string>("mm_projector_type", "linear");
    hp.mm_hidden_size = config.get<int64_t>("mm_hidden_size");
    hp.hidden_size = config.get<int64_t>("hidden_size");
    if (!is_supported(hp.type))
        config.fail("mm_projector_type",
                    "unsupported value '" + hp.type + "' (supported: " + kSupported + ")");
    return hp;
}

MmProjectorImpl::MmProjectorImpl(const MmProjectorHParams& hp) : hp_(hp) {
    if (hp.type == "linear") {
        // nn.Linear stored directly under mm_projector.{weight,bias}.
        torch::nn::Linear linear(hp.mm_hidden_size, hp.hidden_size);
        weight_ = register_parameter("weight", linear->weight);
        bias_ = register_parameter("bias", linear->bias);
    } else if (const int depth = mlp_depth(hp.type); depth >= 1) {
        // Linear, then (GELU, Linear) × (depth − 1): the Linears land at even indices.
        mlp_ = torch::nn::Sequential(torch::nn::Linear(hp.mm_hidden_size, hp.hidden_size));
        for (int i = 1; i < depth; ++i) {
            mlp_->push_back(torch::nn::GELU());  // exact (erf), nn.GELU's default
            mlp_->push_back(torch::nn::Linear(hp.hidden_size, hp.hidden_size));
        }
        for (const auto& child : mlp_->named_children())
            register_module(child.key(), child.value());
    } else if (hp.type == "identity") {
        if (hp.mm_hidden_size != hp.hidden_size)
            throw Error("mm_projector_type 'identity' needs mm_hidden_size (" +
                            std::to_string(hp.mm_hidden_size) + ") == hidden_size (" +
                            std::to_string(hp.hidden_size) + ")",
                        "", "check the checkpoint's config.json");
    } else {
        throw Error(
            "unsupported mm_projector_type '" + hp.type + "' (supported: " + kSupported + ")", "",
            "use a checkpoint whose config.json names a supported projector");
    }
}

torch::Tensor MmProjectorImpl::forward(const torch::Tensor& x) {
    if (x.size(-1) != hp_.mm_hidden_size)
        throw Error("mm_projector input width " + std::to_string(x.size(-1)) +
                        " != mm_hidden_size " + std::to_string(hp_.mm_hidden_size),
                    "", "use a vision tower that matches the checkpoint");
    if (weight_.defined())
        return torch::linear(x, weight_, bias_);
    if (mlp_)
        return mlp_->forward(x);
    return x;
}

}  // namespace facellava::model
