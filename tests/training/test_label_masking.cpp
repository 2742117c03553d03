// Labels: only the assistant's answer tokens and the EOS closing each answer
// are learnt; prompt, system text, visual tokens and padding carry −100.
// Checked on multi-turn samples with an image and with a video, with a
// byte-level stand-in tokenizer and with the real SentencePiece tokenizer.
#include <gtest/gtest.h>

#include "batching/batch_builder.h"
#include "batching/conversation_tokens.h"
#include "facellava/model/conversation.h"
#include "facellava/model/tokenizer.h"
#include "test_support.h"
#include "tiny_fixture_sizes.h"
#include "trainer/trainable_model.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

// Bytes as ids (+10, clear of BOS/EOS); chunks stay separable at any byte.
PromptEncoder byte_encoder() {
    PromptEncoder e;
    e.encode = [](std::string_view text) {
        std::vector<int32_t> ids;
        for (unsigned char c : text)
            ids.push_back(int32_t(c) + 10);
        return ids;
    };
    return e;
}

std::vector<SampleTurn> multi_turn(const std::string& visual) {
    return {{true, visual + "\nWhat is the expression?"},
            {false, "Happy, the cheeks are raised."},
            {true, "And the intensity?"},
            {false, "Strong."}};
}

// Runs of consecutive labelled positions.
std::vector<std::vector<int64_t>> label_runs(const std::vector<int64_t>& labels) {
    std::vector<std::vector<int64_t>> runs;
    bool open = false;
    for (int64_t l : labels) {
        if (l == kIgnoreLabel) {
            open = false;
            continue;
        }
        if (!open)
            runs.emplace_back();
        open = true;
        runs.back().push_back(l);
    }
    return runs;
}

TEST(LabelMasking, OnlyAnswersAndTheirEosAreLabelledByteEncoder) {
    const auto conv = model::vicuna_v1_template();
    const auto turns = multi_turn("<image>");
    const auto tc = tokenize_conversation(turns, conv, byte_encoder());
    ASSERT_EQ(tc.ids.size(), tc.labels.size());
    EXPECT_EQ(tc.ids.front(), 1);
    EXPECT_EQ(tc.sentinel_count(), 1);
    for (size_t i = 0; i < tc.ids.size(); ++i) {
        if (tc.labels[i] != kIgnoreLabel) {
            EXPECT_EQ(tc.labels[i], tc.ids[i]) << i;
        }
        if (tc.ids[i] == model::kImageTokenId) {
            EXPECT_EQ(tc.labels[i], kIgnoreLabel);
        }
    }
    const auto runs = label_runs(tc.labels);
    ASSERT_EQ(runs.size(), 2u);
    for (size_t r = 0; r < runs.size(); ++r) {
        ASSERT_EQ(runs[r].back(), 2) << "each answer ends with EOS";
        std::string text;
        for (size_t k = 0; k + 1 < runs[r].size(); ++k)
            text += char(runs[r][k] - 10);
        EXPECT_EQ(text, " " + turns[2 * r + 1].text);  // " answer" after "ASSISTANT:"
    }
    // Nothing else: the labelled count is exactly the answers' bytes + 2 EOS.
    EXPECT_EQ(tc.label_count(), int64_t(turns[1].text.size() + 1 + turns[3].text.size() + 1 + 2));
}

TEST(LabelMasking, GenerationPromptEndsWithAssistantAndHasNoLabels) {
    const auto conv = model::vicuna_v1_template();
    std::vector<SampleTurn> turns = {{true, "<image>\nWhat is the expression?"}};
    const auto tc = tokenize_conversation(turns, conv, byte_encoder());
    EXPECT_EQ(tc.label_count(), 0);
    std::string tail;
    for (size_t i = tc.ids.size() - 10; i < tc.ids.size(); ++i)
        tail += char(tc.ids[i] - 10);
    EXPECT_EQ(tail, "ASSISTANT:");
    EXPECT_EQ(conversation_text(turns, conv),
              model::build_prompt(conv, {{model::ChatTurn::Role::User, turns[0].text}},
                                  model::VisualInput::None));
}

TEST(LabelMasking, TruncationKeepsVisualTokensAndSomeAnswer) {
    const auto conv = model::vicuna_v1_template();
    const auto full = tokenize_conversation(multi_turn("<image>"), conv, byte_encoder());
    const int64_t n = int64_t(full.ids.size());

    auto tc = full;  // fits: nothing cut, spliced length = n − 1 + 16
    EXPECT_EQ(truncate_to_limits(tc, 16, 2048, 3072), n - 1 + 16);
    EXPECT_EQ(tc.ids.size(), full.ids.size());

    tc = full;  // the sequence limit cuts the tail of the last answer
    EXPECT_EQ(truncate_to_limits(tc, 16, 2048, n + 15 - 3), n + 15 - 3);
    EXPECT_EQ(int64_t(tc.ids.size()), n - 3);
    EXPECT_EQ(tc.label_count(), full.label_count() - 3);

    tc = full;  // text limit before the first answer: nothing left to learn
    EXPECT_THROW(truncate_to_limits(tc, 16, 60, 3072), SampleError);
    tc = full;  // the visual tokens alone overflow
    EXPECT_THROW(truncate_to_limits(tc, 4000, 2048, 3072), SampleError);
}

#ifdef FACELLAVA_HAVE_SPM

TEST(LabelMasking, RealTokenizerMatchesEncodePromptAndLabelsOnlyAnswers) {
    const auto tok = model::Tokenizer::load(test::fixture("tiny_llama_spm.model"));
    PromptEncoder encoder;
    encoder.encode = [&](std::string_view text) { return tok.encode(text); };
    encoder.bos_id = tok.bos_id();
    encoder.eos_id = tok.eos_id();
    auto conv = model::vicuna_v1_template();
    for (const std::string& visual :
         {std::string("<image>"), std::string("<image> <image> <image> <image>")}) {
        SCOPED_TRACE(visual);
        const auto turns = multi_turn(visual);
        const auto tc = tokenize_conversation(turns, conv, encoder);
        // Same ids as the inference path: build_prompt + the legacy rule.
        std::vector<model::ChatTurn> chat;
        for (const auto& t : turns) {
            chat.push_back(
                {t.from_human ? model::ChatTurn::Role::User : model::ChatTurn::Role::Assistant,
                 t.text});
        }
        EXPECT_EQ(tc.ids,
                  tok.encode_prompt(model::build_prompt(conv, chat, model::VisualInput::None)));
        EXPECT_EQ(tc.sentinel_count(), visual == "<image>" ? 1 : 4);
        const auto runs = label_runs(tc.labels);
        ASSERT_EQ(runs.size(), 2u);
        for (size_t r = 0; r < 2; ++r) {
            EXPECT_EQ(runs[r].back(), tok.eos_id());
            std::vector<int32_t> answer(runs[r].begin(), runs[r].end() - 1);
            EXPECT_EQ(tok.decode(answer), turns[2 * r + 1].text);
        }
        // Every other position: the prompt ids ("...ASSISTANT:" included) unlabelled.
        int64_t labelled = 0;
        for (const auto& run : runs)
            labelled += int64_t(run.size());
        EXPECT_EQ(tc.label_count(), labelled);
    }
}

TEST(LabelMasking, SplicedBatchKeepsVisualTokensAndPaddingUnlabelled) {
    const auto dir = test::make_temp_dir("masking");
    auto model = TrainableFaceLlava::load(testdata::make_tiny_checkpoint(dir), torch::kCPU, false);
    const auto tok = model::Tokenizer::load(test::fixture("tiny_llama_spm.model"));
    PromptEncoder encoder;
    encoder.encode = [&](std::string_view text) { return tok.encode(text); };
    const auto conv = model::vicuna_v1_template();
    // Sizes from the fixture files, so the check follows any fixture set.
    const auto& sizes = model::tiny::fixture_sizes();
    const int64_t frames = sizes.num_frames;
    const int64_t side = sizes.image_size;
    EXPECT_EQ(model->hparams().num_frames, frames);

    SampleRecord image_record, video_record;
    image_record.media = SampleMedia::Image;
    video_record.media = SampleMedia::Video;
    std::string video_placeholder = "<image>";
    for (int64_t f = 1; f < frames; ++f)
        video_placeholder += " <image>";
    torch::manual_seed(0);
    LoadedSample image, video;
    image.record = &image_record;
    image.text = tokenize_conversation(multi_turn("<image>"), conv, encoder);
    image.pixels = torch::randn({1, 3, side, side});
    image.landmarks = torch::rand({1, sizes.landmark_values});
    video.record = &video_record;
    video.text = tokenize_conversation(multi_turn(video_placeholder), conv, encoder);
    video.pixels = torch::randn({3, frames, side, side});
    video.landmarks = torch::rand({frames, sizes.landmark_values});

    LlamaTrainForward llm(model->llm(), nullptr);
    torch::NoGradGuard no_grad;
    const auto batch = splice_batch(*model, llm, {image, video});
    const int64_t per_image = model->tokens_per_image(), per_frame = model->tokens_per_frame();
    // As many as the reference forward spliced (io visual_tokens shapes).
    EXPECT_EQ(per_image, sizes.tokens_per_image);
    EXPECT_EQ(per_frame, sizes.tokens_per_frame);
    ASSERT_EQ(batch.lengths.size(), 2u);
    EXPECT_EQ(batch.lengths[0], int64_t(image.text.ids.size()) - 1 + per_image);
    EXPECT_EQ(batch.lengths[1], int64_t(video.text.ids.size()) - frames + frames * per_frame);
    EXPECT_EQ(batch.embeds.size(1), std::max(batch.lengths[0], batch.lengths[1]));
    EXPECT_EQ(batch.label_tokens, image.text.label_count() + video.text.label_count());

    for (int64_t b = 0; b < 2; ++b) {
        const auto& text = b == 0 ? image.text : video.text;
        const int64_t per_segment = b == 0 ? per_image : per_frame;
        // Walk the text ids and the spliced labels side by side.
        int64_t pos = 0;
        for (size_t k = 0; k < text.ids.size(); ++k) {
            if (text.ids[k] == model::kImageTokenId) {
                for (int64_t v = 0; v < per_segment; ++v, ++pos) {
                    EXPECT_EQ(batch.labels[b][pos].item<int64_t>(), kIgnoreLabel)
                        << "visual token " << pos;
                }
            } else {
                EXPECT_EQ(batch.labels[b][pos].item<int64_t>(), text.labels[k])
                    << "text position " << pos;
                ++pos;
            }
        }
        EXPECT_EQ(pos, batch.lengths[size_t(b)]);
        for (; pos < batch.embeds.size(1); ++pos) {  // right padding
            EXPECT_EQ(batch.labels[b][pos].item<int64_t>(), kIgnoreLabel);
            EXPECT_EQ(batch.embeds[b][pos].abs().sum().item<double>(), 0.0);
        }
    }
    // The first visual segment of the image sample is exactly the model's visual tokens.
    const auto enc = model->encode_images(image.pixels, image.landmarks);
    int64_t first_sentinel = 0;
    while (image.text.ids[size_t(first_sentinel)] != model::kImageTokenId)
        ++first_sentinel;
    EXPECT_TRUE(
        torch::allclose(batch.embeds[0].narrow(0, first_sentinel, per_image), enc.tokens[0]));
}

#endif  // FACELLAVA_HAVE_SPM

}  // namespace
}  // namespace facellava::training
