#include "facellava/model/engine.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "engine/answer_scheduler.h"
#include "engine/checkpoint_assembly.h"
#include "engine/facellava_model.h"
#include "engine/generation_defaults.h"
#include "engine/image_preprocess.h"
#include "engine/sampling_settings.h"
#include "engine/trained_tasks_config.h"
#include "engine/video_frames.h"
#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "facellava/model/tokenizer.h"
#include "generation/decode_session.h"
#include "generation/generator.h"
#include "multimodal/attention_maps.h"
#include "quant/llm_quantization.h"
#include "runtime/device_choice.h"

namespace facellava::model {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// True when `text` ends inside a UTF-8 sequence or with the replacement
// character SentencePiece emits for an incomplete byte-fallback sequence:
// streaming waits for the next token before showing it.
bool ends_mid_character(const std::string& text) {
    if (text.size() >= 3 && text.compare(text.size() - 3, 3, "\xEF\xBF\xBD") == 0)
        return true;
    int continuation = 0;
    for (size_t i = text.size(); i > 0 && continuation < 4; --i) {
        const unsigned char c = static_cast<unsigned char>(text[i - 1]);
        if ((c & 0xC0) == 0x80) {
            ++continuation;
            continue;
        }
        const int needed = (c & 0x80) == 0      ? 0
                           : (c & 0xE0) == 0xC0 ? 1
                           : (c & 0xF0) == 0xE0 ? 2
                                                : 3;
        return continuation < needed;
    }
    return false;
}

}  // namespace

namespace {

// What --weights asks of the LLM: its activation dtype and, when quantized,
// the scheme of its linear layers.
struct WeightsChoice {
    std::string dtype;
    std::optional<quant::QuantScheme> scheme;
};

WeightsChoice choose_weights(const std::string& weights, const std::string& dtype,
                             const std::optional<quant::QuantScheme>& stored,
                             const std::string& checkpoint_dir) {
    if (weights == "auto" || weights.empty())
        return {dtype, stored};
    if (weights.rfind("int", 0) != 0) {
        if (stored)
            throw Error("this checkpoint's LLM weights are quantized (" + stored->name() +
                            "); they cannot load as " + weights,
                        checkpoint_dir,
                        "use --weights auto (or " + stored->name() +
                            "), or the 16/32-bit checkpoint it was made from");
        resolve_dtype(weights, torch::kCPU);  // a clear error for an unknown name
        return {weights, std::nullopt};
    }
    quant::QuantScheme scheme = quant::parse_scheme(weights);
    // "int4" names the bits; a stored int4 checkpoint brings its own group.
    if (stored && stored->bits == scheme.bits && weights.find("-g") == std::string::npos &&
        weights.find("-zp") == std::string::npos)
        scheme = *stored;
    return {dtype, scheme};
}

}  // namespace

struct FaceLlavaEngine::Impl {
    std::unique_ptr<FaceLlavaModel> model;
    std::optional<Tokenizer> tokenizer;
    EngineInfo info;
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    // On a GPU the answers go through pooled decode sessions, so each CUDA
    // graph of the decode step is captured once per session, not per answer.
    // A CPU answer keeps the plain cached forward (no session).
    std::unique_ptr<DecodeSessionPool> sessions;

    int answer_batch = 16;
    int64_t kv_budget_bytes = 0;
    // Batched answers (ask_faces): started by the first call, so engines that
    // only chat run no extra thread. Last: it stops before the model goes.
    std::mutex scheduler_mutex;
    std::unique_ptr<AnswerScheduler> scheduler;

    std::vector<int32_t> to_int32(const std::vector<int64_t>& ids) const {
        return std::vector<int32_t>(ids.begin(), ids.end());
    }
    VisualEncoding encode(const std::vector<FaceFrame>& frames, bool is_video) const;
    AnswerScheduler& answer_scheduler();
};

AnswerScheduler& FaceLlavaEngine::Impl::answer_scheduler() {
    std::lock_guard<std::mutex> lock(scheduler_mutex);
    if (!scheduler)
        scheduler = std::make_unique<AnswerScheduler>(
            *model, *tokenizer,
            [this](const std::vector<FaceFrame>& frames, bool is_video) {
                return encode(frames, is_video);
            },
            answer_batch, kv_budget_bytes);
    return *scheduler;
}

FaceLlavaEngine::FaceLlavaEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceLlavaEngine::~FaceLlavaEngine() = default;

std::shared_ptr<const FaceLlavaEngine> FaceLlavaEngine::load(const std::string& checkpoint_dir,
                                                             const EngineOptions& options) {
    if (options.cpu_threads > 0)
        set_cpu_threads(options.cpu_threads);
    if (options.answer_batch < 1 || options.answer_batch > 4096)
        throw Error("the answer batch must be 1 to 4096 sequences, got " +
                        std::to_string(options.answer_batch),
                    "", "pass --answer-batch N with N ≥ 1 (16 suits a CPU, 64-256 a GPU)");
    if (!(options.kv_budget_mb >= 0))
        throw Error(
            "the KV cache budget must be ≥ 0 MB, got " + std::to_string(options.kv_budget_mb), "",
            "pass --kv-budget-mb 0 (no budget) or a size in MB");
    // Where every part comes from (towers by hub id: folder, embedded, cache);
    // nothing heavy is read yet. A missing part fails here, listing every
    // place that was searched and the fix.
    AssembledCheckpoint checkpoint = assemble_checkpoint(checkpoint_dir, options.towers);
    throw_unless_loadable(checkpoint);
    const io::JsonConfig config(checkpoint.config, checkpoint.config_path);
    const FaceLlavaHParams hp = FaceLlavaHParams::from_json(config);
    TrainedTasks tasks = trained_tasks_from_config(checkpoint.config, checkpoint.config_path);

    auto impl = std::make_unique<Impl>();
    impl->device = resolve_device(options.device);
    impl->answer_batch = options.answer_batch;
    impl->kv_budget_bytes = int64_t(options.kv_budget_mb * 1048576.0);
    const auto stored = quant::stored_scheme(checkpoint.main_files);
    const WeightsChoice weights_choice =
        choose_weights(options.weights, options.dtype, stored, checkpoint_dir);
    impl->dtype = resolve_dtype(weights_choice.dtype, impl->device);
    impl->tokenizer = Tokenizer::load(checkpoint.tokenizer);
    if (impl->tokenizer->vocab_size() > hp.llm.vocab_size) {
        throw Error("tokenizer has " + std::to_string(impl->tokenizer->vocab_size()) +
                        " pieces but the model only " + std::to_string(hp.llm.vocab_size),
                    checkpoint.tokenizer, "use the tokenizer.model that came with this checkpoint");
    }

    torch::NoGradGuard no_grad;
    // Towers are read now (small); the main weights stay lazy and are read
    // one tensor at a time into the model, on its device and in its dtype.
    FaceLlavaWeights weights = tower_and_main_weights(checkpoint, impl->dtype);
    weights.stored_scheme = stored;
    impl->model = std::make_unique<FaceLlavaModel>(
        hp, torch::TensorOptions().device(impl->device).dtype(impl->dtype));
    impl->model->load(weights, weights_choice.scheme);
    if (impl->device.is_cuda())
        impl->sessions = std::make_unique<DecodeSessionPool>(
            impl->model->llm(), impl->device, DecodeStepRunner::graphs_wanted(impl->device));

    EngineInfo& info = impl->info;
    info.checkpoint_dir = checkpoint_dir;
    info.device = impl->device.str();
    info.dtype = dtype_name(impl->dtype);
    info.weights = weights_choice.scheme ? weights_choice.scheme->name() : info.dtype;
    info.llm_weight_bytes = quant::llm_weight_bytes(*impl->model->llm());
    info.parameters = impl->model->parameter_count();
    info.has_image_tower = impl->model->has_image_tower();
    info.has_video_tower = impl->model->has_video_tower();
    info.has_landmark_modules = impl->model->has_landmark_modules();
    info.num_frames = int(hp.num_frames);
    info.image_size = int(hp.image_tower   ? hp.image_tower->image_size()
                          : hp.video_tower ? hp.video_tower->image_size
                                           : 224);
    info.model_card_name = config.get_or<std::string>("facellava_model_name", "");
    info.is_demo = config.get_or<bool>("facellava_demo", false);
    info.tasks = std::move(tasks);
    info.generation_defaults = read_generation_defaults(checkpoint_dir);
    info.answer_batch = options.answer_batch;
    info.kv_budget_mb = options.kv_budget_mb;
    return std::shared_ptr<const FaceLlavaEngine>(new FaceLlavaEngine(std::move(impl)));
}

const EngineInfo& FaceLlavaEngine::info() const {
    return impl_->info;
}

VisualEncoding FaceLlavaEngine::Impl::encode(const std::vector<FaceFrame>& given,
                                             bool is_video) const {
    const auto& hp = model->hparams();
    // A video's tower always sees num_frames frames (video_frames.h); chat()
    // has chosen them already for its prompt, so this is the identity there.
    const std::vector<FaceFrame> frames =
        is_video ? frames_for_video_tower(given, hp.num_frames) : given;
    // Landmarks go to FRGCA only when every frame has them; otherwise the
    // plain projector path runs, as the released inference script does.
    bool all_landmarks = true;
    for (const auto& f : frames)
        all_landmarks = all_landmarks && f.landmarks.has_value();
    torch::Tensor landmarks;
    if (all_landmarks) {
        std::vector<torch::Tensor> rows;
        for (const auto& f : frames)
            rows.push_back(
                torch::tensor(std::vector<float>(f.landmarks->begin(), f.landmarks->end())));
        landmarks = torch::stack(rows);  // (T, 136)
    }
    if (is_video) {
        std::vector<ImageRGB> crops;
        for (const auto& f : frames)
            crops.push_back(f.crop);
        auto pixels =
            preprocess_video(crops, hp.video_tower->image_size, hp.video_tower->normalisation)
                .unsqueeze(0);  // (1, 3, T, S, S)
        return model->encode_video(pixels,
                                   landmarks.defined() ? landmarks.unsqueeze(0) : landmarks);
    }
    std::vector<torch::Tensor> images;
    for (const auto& f : frames)
        images.push_back(preprocess_image(
            f.crop, hp.image_tower->image_size(), hp.image_aspect_ratio == "pad",
            hp.image_tower->normalisation(),
            hp.image_tower->is_faceapi() ? ImageResize::RoundTo8Bit : ImageResize::Authors));
    return model->encode_images(torch::stack(images), landmarks);  // (B, 3, S, S), (B, 136)
}

ChatReply FaceLlavaEngine::chat(const ChatRequest& request, const ChatCallbacks& callbacks) const {
    const auto start = Clock::now();
    torch::NoGradGuard no_grad;
    Impl& impl = *impl_;
    const auto& hp = impl.model->hparams();
    check_visual_request(hp, request.frames.size(), request.is_video);

    ConversationTemplate conv = vicuna_v1_template();
    if (request.system_prompt)
        conv.system = *request.system_prompt;
    const VisualInput visual = request.frames.empty() ? VisualInput::None
                               : request.is_video     ? VisualInput::Video
                                                      : VisualInput::Image;
    // One <image> per frame the tower will see (a video: always num_frames).
    const std::vector<FaceFrame> frames =
        request.is_video ? frames_for_video_tower(request.frames, hp.num_frames) : request.frames;
    const std::string prompt = build_prompt(conv, request.turns, visual, int(frames.size()));
    const std::vector<int64_t> ids = impl.tokenizer->encode_prompt(prompt);
    if (int64_t(ids.size()) > hp.max_text_tokens) {
        throw Error("the conversation is " + std::to_string(ids.size()) +
                        " tokens, over the model's limit of " + std::to_string(hp.max_text_tokens),
                    "", "start a new conversation or shorten it");
    }

    ChatReply reply;
    std::vector<torch::Tensor> segments;
    VisualEncoding encoding;
    if (!request.frames.empty()) {
        encoding = impl.encode(frames, request.is_video);
        segments = visual_segments(encoding.tokens);
        if (encoding.attention.defined())
            reply.attention =
                region_attention_maps(encoding.attention[0].to(torch::kFloat32).cpu());
    }
    reply.vision_ms = ms_since(start);
    auto embeds = impl.model->splice(ids, segments);
    reply.prompt_tokens = embeds.size(1);
    // The answer may use whatever positions the prompt leaves (as llama.cpp
    // stops at the context end); only a prompt that fills them is an error.
    const int64_t room = hp.llm.max_position_embeddings - reply.prompt_tokens;
    if (room < 1) {
        throw Error("the prompt (" + std::to_string(reply.prompt_tokens) +
                        " tokens) fills the model's " +
                        std::to_string(hp.llm.max_position_embeddings) + " positions",
                    "", "shorten the conversation (start a new chat) or use fewer video frames");
    }
    SamplingParams params = sampling_params(request.settings);
    params.max_new_tokens = int(std::min<int64_t>(request.settings.max_new_tokens, room));

    std::vector<int64_t> streamed;
    size_t shown = 0;
    GenerationCallbacks gen;
    gen.cancel = callbacks.cancel;
    gen.decode = [&impl](const std::vector<int64_t>& new_ids) {
        return impl.tokenizer->decode(impl.to_int32(new_ids));
    };
    if (callbacks.on_text) {
        gen.on_token = [&](int64_t id) {
            streamed.push_back(id);
            const std::string text = impl.tokenizer->decode(impl.to_int32(streamed));
            if (ends_mid_character(text) || text.size() <= shown)
                return true;
            const std::string piece = text.substr(shown);
            shown = text.size();
            return callbacks.on_text(piece);
        };
    }
    GenerationResult result;
    if (impl.sessions) {
        const auto session = impl.sessions->acquire();
        result = generate(impl.model->llm(), *session, embeds, ids, params, gen);
    } else {
        result = generate(impl.model->llm(), embeds, ids, params, gen);
    }
    reply.text = result.text;
    reply.token_ids = result.ids;
    reply.stop_reason = stop_reason_name(result.stop_reason);
    reply.prefill_ms = result.timings.prefill_ms;
    reply.tokens_per_s = result.timings.decode_tokens_per_s;
    reply.total_ms = ms_since(start);
    return reply;
}

std::vector<FaceAnswers> FaceLlavaEngine::ask_faces(const std::vector<FaceQuestions>& faces,
                                                    const std::atomic<bool>* cancel) const {
    return impl_->answer_scheduler().ask(faces, cancel);
}

AnswerStats FaceLlavaEngine::answer_stats() const {
    std::lock_guard<std::mutex> lock(impl_->scheduler_mutex);
    return impl_->scheduler ? impl_->scheduler->stats() : AnswerStats{};
}

std::vector<RegionAttentionMap> FaceLlavaEngine::attention_maps(const FaceFrame& frame,
                                                                std::optional<int> head) const {
    torch::NoGradGuard no_grad;
    if (!frame.landmarks)
        throw Error("attention maps need the face's landmarks", "", "detect landmarks first");
    auto encoding = impl_->encode({frame}, /*is_video=*/false);
    if (!encoding.attention.defined()) {
        throw Error("this checkpoint has no FRGCA modules, so it has no attention maps",
                    impl_->info.checkpoint_dir, "load a Face-LLaVA checkpoint");
    }
    std::optional<int64_t> h;
    if (head)
        h = *head;
    return region_attention_maps(encoding.attention[0].to(torch::kFloat32).cpu(), h);
}

}  // namespace facellava::model
