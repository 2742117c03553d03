#include "trainer/run_setup.h"

#include "facellava/core/error.h"

namespace facellava::training {

SampleLoaderOptions make_loader_options(const RunPlan& plan, const model::Tokenizer& tokenizer) {
    const TrainConfig& c = plan.config;
    const auto& hp = plan.hparams;
    SampleLoaderOptions loader;
    loader.num_frames = c.data.num_frames;
    loader.image_size = plan.image_size;
    loader.video_size = plan.video_size;
    if (const auto& tower = hp.image_tower) {
        loader.image_normalisation = tower->normalisation();
        if (tower->is_faceapi())  // Nano was trained on 8-bit resized pixels
            loader.image_resize = model::ImageResize::RoundTo8Bit;
    }
    if (const auto& tower = hp.video_tower)
        loader.video_normalisation = tower->normalisation;
    loader.pad_to_square = hp.image_aspect_ratio == "pad";
    loader.landmark_scale = c.data.landmark_scale;
    loader.tokens_per_image = plan.tokens_per_image;
    loader.tokens_per_frame = plan.tokens_per_frame;
    loader.max_text_tokens = c.data.max_text_tokens;
    loader.max_sequence_tokens = c.data.max_sequence_tokens;
    loader.conversation = model::vicuna_v1_template();
    if (!c.data.system_prompt.empty())
        loader.conversation.system = c.data.system_prompt;
    loader.encoder.encode = [tokenizer](std::string_view text) { return tokenizer.encode(text); };
    loader.encoder.bos_id = tokenizer.bos_id();
    loader.encoder.eos_id = tokenizer.eos_id();
    loader.decoder = default_media_decoder();
    return loader;
}

}  // namespace facellava::training
