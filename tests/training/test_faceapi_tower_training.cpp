// TrainableFaceLlava on a FaceLLaVA-Nano checkpoint (face-api image tower):
// it loads through the model library's tower routines, the tower stays
// frozen (no gradients, excluded from what trains), gives the same features
// as FaceLlavaModel, and survives cast_frozen.
#include <gtest/gtest.h>

#include <string>

#include "engine/facellava_model.h"
#include "nano_checkpoint.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "trainer/trainable_model.h"

namespace facellava::training {
namespace {

TEST(TrainableNano, LoadsTheFaceApiTowerFrozen) {
    const std::string dir = test::make_nano_checkpoint(test::make_temp_dir("train_nano"));
    auto m = TrainableFaceLlava::load(dir, torch::kCPU, /*allow_new_landmark_modules=*/false);
    ASSERT_TRUE(m->has_image_tower());
    EXPECT_FALSE(m->has_video_tower());
    EXPECT_TRUE(m->paths().image_tower.empty());
    EXPECT_EQ(m->tokens_per_image(), 49);

    const auto tower = m->tower_parameters();
    ASSERT_FALSE(tower.empty());
    bool expression = false, age_gender = false;
    for (const auto& [name, t] : tower) {
        EXPECT_FALSE(t.requires_grad()) << name;
        expression = expression || name.rfind("image_tower.expression.", 0) == 0;
        age_gender = age_gender || name.rfind("image_tower.age_gender.", 0) == 0;
    }
    EXPECT_TRUE(expression);
    EXPECT_TRUE(age_gender);
    // Nothing of the tower is in what a stage may train or save.
    for (const auto& [name, t] : m->main_state_dict())
        EXPECT_EQ(name.find("image_tower"), std::string::npos) << name;

    const auto before = tower.front().second.clone();
    const auto pixels = torch::randn({2, 3, 112, 112}) * 0.3;
    const auto landmarks = torch::rand({2, 136});
    auto encoding = m->encode_images(pixels, landmarks);
    EXPECT_EQ(encoding.features.sizes(), torch::IntArrayRef({2, 49, 768}));
    EXPECT_EQ(encoding.tokens.sizes(), torch::IntArrayRef({2, 49, m->hparams().llm.hidden_size}));
    ASSERT_TRUE(encoding.tokens.requires_grad());  // the adapter trains
    encoding.tokens.pow(2).mean().backward();
    for (const auto& [name, t] : m->projector_parameters())
        EXPECT_TRUE(t.grad().defined()) << name;
    for (const auto& [name, t] : tower)
        EXPECT_FALSE(t.grad().defined()) << name;
    EXPECT_TRUE(torch::equal(tower.front().second, before));

    // Same features as the inference model built from the same folder.
    model::FaceLlavaModel inference(m->hparams(), torch::kFloat32);
    model::FaceLlavaWeights weights;
    weights.main_source = dir;
    weights.main = io::open_state_dict(dir);
    inference.load(weights);
    {
        torch::NoGradGuard no_grad;
        const auto reference = inference.encode_images(pixels, landmarks);
        EXPECT_TRUE(torch::equal(encoding.features, reference.features));
        EXPECT_TRUE(test::tensors_close(encoding.tokens.detach(), reference.tokens, 1e-5));
    }

    // Frozen parts stored in bfloat16 to save memory: the tower follows and
    // still encodes; the adapter stays float32.
    m->cast_frozen(torch::kBFloat16, /*llm_frozen=*/true);
    for (const auto& [name, t] : m->tower_parameters())
        EXPECT_EQ(t.scalar_type(), torch::kBFloat16) << name;
    const auto low = m->encode_images(pixels, landmarks);
    EXPECT_EQ(low.features.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(test::tensors_close(low.features, encoding.features.detach(), 0.1));
}

}  // namespace
}  // namespace facellava::training
