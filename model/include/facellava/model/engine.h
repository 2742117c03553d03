// FaceLlavaEngine: the one object the CLI and GUI use to run Face-LLaVA.
// Torch-free (pimpl): load a checkpoint folder, then ask questions about a
// face image or video with streaming, cancellation and timings.
//
// Checkpoint folder layout (docs/MODELS.md):
//   config.json        LLaMA + Face-LLaVA keys (FACELLAVA_SPEC §10)
//   tokenizer.model    SentencePiece model
//   weights            model.safetensors, sharded safetensors with
//                      model.safetensors.index.json, or pytorch_model*.bin
//   image_tower/       vision tower weights (vision_model.* keys) [+ config.json,
//   video_tower/       adapter_config.json when they carry LoRA]; or the config
//                      keys mm_image_tower / mm_video_tower naming folders
// A FaceLLaVA-Nano checkpoint ("mm_image_tower": "faceapi", image_tower_config
// model_type "faceapi_features") has no image_tower/: its tower is face-api's
// expression + age/gender nets from the face-api package (docs/TRAINING.md).
//
// Thread-safety: a loaded engine's model is immutable; chat() may run on
// several threads at once (each call has its own KV cache; on a GPU its own
// decode session from a thread-safe pool). Callbacks run on the calling
// thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/image.h"
#include "facellava/model/attention_map.h"
#include "facellava/model/checkpoint_report.h"
#include "facellava/model/conversation.h"
#include "facellava/model/trained_tasks.h"

namespace facellava::model {

struct EngineOptions {
    std::string device = "auto";  // "auto" (CUDA when available), "cpu", "cuda", "cuda:N"
    std::string dtype =
        "auto";             // "auto" (fp32 on CPU, bf16 on CUDA), "float32", "bfloat16", "float16"
    int cpu_threads = 0;    // 0: LibTorch's default
    TowerLocations towers;  // tower folders chosen by the user (checkpoint_report.h)
    // The LLM's weights: "auto" (as stored: dtype's 16/32 bits, or the
    // checkpoint's quantization), "fp32", "bf16", "fp16" (overriding dtype),
    // or quantized at load: "int8", "int4" (groups of 128), "int4-g32",
    // "int4-g64", "int4-g128", each with "-zp" for zero points (docs/MODELS.md).
    std::string weights = "auto";
    // Batched answers (ask_faces): at most this many (face, question)
    // sequences decode together (--answer-batch), and their KV cache — each
    // face's shared prefix and every sequence's own suffix — stays within
    // kv_budget_mb (--kv-budget-mb; 0: no budget beyond the batch limit).
    // When the budget is full new faces wait for running ones to finish.
    int answer_batch = 16;
    double kv_budget_mb = 0;
};

// One face image (or video frame), already cropped the authors' way (square,
// any size; resized by the engine) with its 68 landmarks normalised to the crop
// (x / crop side, y / crop side, flattened x0, y0, x1, y1, …).
struct FaceFrame {
    ImageRGB crop;
    std::optional<std::array<float, 136>> landmarks;  // absent: the plain projector path
};

struct GenerationSettings {
    float temperature = 0.0f;  // 0: greedy
    float top_p = 1.0f;
    int top_k = 0;
    float repetition_penalty = 1.0f;
    int max_new_tokens = 512;
    uint64_t seed = 0;
    std::vector<std::string> stop_strings;
};

struct ChatRequest {
    std::vector<ChatTurn> turns;    // alternating user/assistant, ending with the user's question
    std::vector<FaceFrame> frames;  // one image, or a video's frames (is_video)
    bool is_video = false;
    std::optional<std::string> system_prompt;  // default: the vicuna-v1 system prompt
    GenerationSettings settings;
};

struct ChatCallbacks {
    // Text as it is generated (UTF-8, whole characters); return false to stop.
    std::function<bool(const std::string& piece)> on_text;
    const std::atomic<bool>* cancel = nullptr;  // set from any thread to stop
};

struct ChatReply {
    std::string text;
    std::vector<int64_t> token_ids;
    std::string stop_reason;  // eos, max_tokens, stop_string, cancelled, callback
    double vision_ms = 0;     // preprocessing + towers + FRGCA
    double prefill_ms = 0;    // time to first token after vision
    double tokens_per_s = 0;  // decode speed
    double total_ms = 0;
    int64_t prompt_tokens = 0;  // spliced sequence length
    // FRGCA attention of the first image/frame: mean over heads in `values`,
    // each head in `heads` (empty on the plain path).
    std::vector<RegionAttentionMap> attention;
};

// Several questions about one face, each asked as a one-turn conversation of
// its own: what the batch job and the GUI's "Ask Face-LLaVA" ask of every face.
struct FaceQuestions {
    std::vector<FaceFrame> frames;  // one image, or a video's frames (is_video)
    bool is_video = false;
    std::vector<std::string> questions;
    std::optional<std::string> system_prompt;  // default: the vicuna-v1 system prompt
    GenerationSettings settings;               // for every question
};

struct FaceAnswers {
    std::vector<ChatReply> replies;  // one per question, in order (stop_reason "cancelled"
                                     // for those the cancel flag stopped)
    // Set when this face could not be answered (its crop did not encode, its
    // prompt does not fit): the other faces are answered all the same.
    std::optional<Error> error;
};

// What batched answering has done since the engine loaded (bench, logs).
struct AnswerStats {
    int64_t faces = 0;          // faces encoded
    int64_t sequences = 0;      // (face, question) answers finished
    int64_t steps = 0;          // batched forwards
    int64_t tokens = 0;         // new tokens chosen
    double tower_ms = 0;        // preprocessing, towers, projector, FRGCA
    double prefill_ms = 0;      // shared prefixes (system prompt + image tokens)
    double decode_ms = 0;       // batched forwards: question tokens and answers
    double mean_batch = 0;      // sequences per forward
    int64_t peak_kv_bytes = 0;  // prefixes and suffix slots at their largest
};

struct EngineInfo {
    std::string checkpoint_dir;
    std::string device;
    std::string dtype;
    std::string weights;  // the LLM's linear layers: "int4-g128", …, or dtype
    int64_t parameters = 0;
    int64_t llm_weight_bytes = 0;  // what the LLM's weights occupy where they live
    bool has_image_tower = false;
    bool has_video_tower = false;
    bool has_landmark_modules = false;
    int num_frames = 8;
    int image_size = 224;
    std::string model_card_name;  // config "facellava_model_name" when present
    bool is_demo = false;         // config "facellava_demo": true for the project's demo model
    // The tasks it was trained for: config "facellava_tasks", else the
    // paper's (trained_tasks.h). Questions of other tasks get answers of the
    // tasks it knows, so callers refuse or mark them.
    TrainedTasks tasks;
    // The checkpoint's generation_config.json, when it has one: the sampling
    // a caller uses when the user sets none.
    std::optional<GenerationSettings> generation_defaults;
    int answer_batch = 16;    // EngineOptions::answer_batch
    double kv_budget_mb = 0;  // EngineOptions::kv_budget_mb (0: none)
};

class FaceLlavaEngine {
  public:
    // Throws facellava::Error naming the file and what to do on any problem.
    static std::shared_ptr<const FaceLlavaEngine> load(const std::string& checkpoint_dir,
                                                       const EngineOptions& options = {});
    ~FaceLlavaEngine();

    const EngineInfo& info() const;
    ChatReply chat(const ChatRequest& request, const ChatCallbacks& callbacks = {}) const;
    // Every question about every face, in the order given. Faces are encoded
    // once (batched), each face's prompt up to its questions is prefilled
    // once and shared by them, and all (face, question) sequences decode
    // together with those of other threads' calls (continuous batching,
    // engine/answer_scheduler.h), within EngineOptions' batch and KV budget.
    // Greedy answers are chat()'s for the same one-turn question. `cancel`
    // stops this call's unfinished answers (stop_reason "cancelled"). Blocks
    // until every answer is in; a face that cannot be answered gets its error
    // in FaceAnswers::error. Throws facellava::Error when the model fails.
    std::vector<FaceAnswers> ask_faces(const std::vector<FaceQuestions>& faces,
                                       const std::atomic<bool>* cancel = nullptr) const;
    AnswerStats answer_stats() const;
    // FRGCA attention maps of one face: `values` the mean over heads (or the
    // one head asked for), `heads` every head's weights.
    std::vector<RegionAttentionMap> attention_maps(const FaceFrame& frame,
                                                   std::optional<int> head = std::nullopt) const;

  private:
    struct Impl;
    explicit FaceLlavaEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace facellava::model
