// The answers suite's shared JSON and its synthetic (LLM-level) path; the
// nano path is answers_nano_bench.cpp.
#include "answers_bench.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "bench_timer.h"
#include "facellava/core/error.h"
#include "generation/batch_decoder.h"
#include "generation/decode_session.h"
#include "generation/decode_step.h"
#include "generation/generator.h"
#include "llm/ragged_batch.h"
#include "llm_bench.h"
#include "runtime/device_choice.h"
#include "runtime/graphed_call.h"
#include "synthetic_shapes.h"
#include "vision/clip_vision_tower.h"

namespace facellava::model::bench {

io::Json batched_row(const AnswerRun& run, double sequential_answers_per_s, int limit,
                     int64_t compared, int64_t same) {
    io::Json row = answer_run_json(run, sequential_answers_per_s);
    row["batch_limit"] = limit;
    row["compared_answers"] = compared;
    row["identical_answers"] = same == compared;
    if (same != compared)
        row["differing_answers"] = compared - same;
    return row;
}

void check_cancel(const AnswersBenchSettings& s) {
    if (s.cancel && s.cancel->load())
        throw Error("benchmark cancelled", "", "");
}

AnswerRun median_run(std::vector<AnswerRun> runs) {
    std::sort(runs.begin(), runs.end(),
              [](const AnswerRun& a, const AnswerRun& b) { return a.seconds < b.seconds; });
    return runs.at(runs.size() / 2);
}

io::Json answer_run_json(const AnswerRun& run, double sequential_answers_per_s) {
    const double answers_per_s = run.seconds > 0 ? double(run.answers) / run.seconds : 0.0;
    io::Json row{{"faces", run.faces},
                 {"answers", run.answers},
                 {"tokens", run.tokens},
                 {"seconds", run.seconds},
                 {"answers_per_s", answers_per_s},
                 {"tokens_per_s", run.seconds > 0 ? double(run.tokens) / run.seconds : 0.0},
                 {"tower_ms", run.tower_ms},
                 {"prefill_ms", run.prefill_ms},
                 {"decode_ms", run.decode_ms},
                 {"mean_batch", run.mean_batch}};
    if (run.steps > 0)
        row["steps"] = run.steps;
    if (run.peak_kv_bytes > 0)
        row["peak_kv_bytes"] = run.peak_kv_bytes;
    if (sequential_answers_per_s > 0)
        row["speedup"] = answers_per_s / sequential_answers_per_s;
    return row;
}

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(const torch::Device& device, Clock::time_point start) {
    synchronize(device);  // queued kernels belong to the phase that queued them
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Face-LLaVA's prompt at the LLM: the vicuna-v1 system prompt (≈ 35 tokens)
// and one image's 256 CLIP patch tokens, shared by the face's questions; each
// question (the pipeline's task questions and "ASSISTANT:") ≈ 18 tokens.
constexpr int64_t kSystemTokens = 35;
constexpr int64_t kImageTokens = 256;
constexpr int64_t kQuestionTokens = 18;
constexpr int64_t kQuestions = 5;  // the pipeline's model tasks
// Faces encoded and prefilled together at most (the engine's scheduler's round).
constexpr int64_t kFacesPerRound = 8;
// The sequential path runs on this many faces at most: its answers/s is a
// rate that does not depend on the count, and at 7B each answer takes a
// fifth of a second.
constexpr int64_t kSequentialFaces = 4;
// A batched run covers enough faces to fill its batch this many times (at
// least the sequential faces, at most --faces): a limit of 1 needs no 256
// faces to show its rate, a limit of 256 needs them all.
constexpr int64_t kFills = 8;

// Every face's and question's random inputs, drawn once (seed 4).
struct Workload {
    torch::Tensor prefixes;                          // (F, P, H): system + image tokens
    std::vector<torch::Tensor> questions;            // per question (1, T, H)
    std::vector<std::vector<int64_t>> question_ids;  // per question, T ids
};

Workload make_workload(LlamaForCausalLM& lm, int64_t faces, const torch::TensorOptions& options) {
    const auto& hp = lm->hparams();
    torch::manual_seed(4);
    Workload w;
    // Embedding rows of the random model are N(0, 0.02) too.
    w.prefixes = (torch::randn({faces, kSystemTokens + kImageTokens, hp.hidden_size},
                               options.dtype(torch::kFloat32)) *
                  0.02)
                     .to(options.dtype());
    for (int64_t q = 0; q < kQuestions; ++q) {
        const auto ids = torch::randint(3, hp.vocab_size, {1, kQuestionTokens}, torch::kInt64);
        w.question_ids.emplace_back(ids.data_ptr<int64_t>(),
                                    ids.data_ptr<int64_t>() + kQuestionTokens);
        w.questions.push_back(lm->embed(ids.to(options.device())));  // (1, T, H)
    }
    return w;
}

// The random CLIP ViT-L/14 tower, replayed from CUDA graphs as the engine's
// towers are (runtime/graphed_call.h); only its time matters.
class Tower {
  public:
    explicit Tower(const torch::TensorOptions& options) : hp_(clip_vit_l14()), tower_(hp_) {
        tower_->to(options.device(), c10::typeMetaToScalarType(options.dtype()));
        randomise(*tower_, 3);
        graphed_ = std::make_unique<GraphedCall>(
            [this](const torch::Tensor& x) { return tower_->features(x, select_); },
            options.device().is_cuda());
        pixels_ = torch::randn({kFacesPerRound, 3, hp_.image_size, hp_.image_size}, options);
    }
    // One forward of `images` (≤ kFacesPerRound) images.
    void run(int64_t images) { (*graphed_)(pixels_.narrow(0, 0, images)); }

  private:
    ClipVisionHParams hp_;
    ClipVisionTower tower_;
    VisionFeatureSelect select_;  // layer -2, patch tokens: what the projector reads
    std::unique_ptr<GraphedCall> graphed_;
    torch::Tensor pixels_;  // (kFacesPerRound, 3, 224, 224)
};

using Answers = std::vector<std::vector<std::vector<int64_t>>>;  // [face][question] → new ids

struct Synthetic {
    Synthetic(LlamaForCausalLM model, const torch::Device& on) : lm(std::move(model)), device(on) {}
    LlamaForCausalLM lm;
    torch::Device device;
    Workload work;
    Tower* tower = nullptr;  // null: not measured (CPU)
    SamplingParams params;
    int64_t kv_bytes_per_token = 0;
};

// One answer at a time over the whole prompt, as chat() does: the tower per
// question, generate() through a decode session on a GPU (its graphs kept
// from one answer to the next), plain generate() on the CPU.
AnswerRun run_sequential(Synthetic& s, int64_t faces, DecodeSession* session, Answers* answers) {
    AnswerRun run;
    run.faces = faces;
    answers->assign(size_t(faces), std::vector<std::vector<int64_t>>(kQuestions));
    synchronize(s.device);
    const auto start = Clock::now();
    for (int64_t f = 0; f < faces; ++f) {
        for (int64_t q = 0; q < kQuestions; ++q) {
            if (s.tower) {
                const auto t = Clock::now();
                s.tower->run(1);
                run.tower_ms += ms_since(s.device, t);
            }
            const auto prompt =
                torch::cat({s.work.prefixes.narrow(0, f, 1), s.work.questions[size_t(q)]}, 1);
            const auto result =
                session ? generate(s.lm, *session, prompt, s.work.question_ids[size_t(q)], s.params)
                        : generate(s.lm, prompt, s.work.question_ids[size_t(q)], s.params);
            run.prefill_ms += result.timings.prefill_ms;
            run.decode_ms += result.timings.total_ms - result.timings.prefill_ms;
            run.steps += result.timings.decode_steps;
            run.tokens += int64_t(result.ids.size());
            run.answers += 1;
            (*answers)[size_t(f)][size_t(q)] = result.ids;
        }
    }
    synchronize(s.device);
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    run.peak_kv_bytes = s.kv_bytes_per_token *
                        (kSystemTokens + kImageTokens + kQuestionTokens + s.params.max_new_tokens);
    return run;
}

// Every face's questions through a BatchDecoder of `limit` slots, as the
// engine's scheduler does: faces encoded and prefixes prefilled in rounds
// (batched across the round's faces) when slots are free and no question is
// ready, a question joining as soon as a slot frees.
AnswerRun run_batched(Synthetic& s, int64_t faces, int64_t limit, Answers* answers) {
    struct Pending {
        int64_t face = 0;
        int64_t question = 0;
    };
    AnswerRun run;
    run.faces = faces;
    answers->assign(size_t(faces), std::vector<std::vector<int64_t>>(kQuestions));
    auto& lm = s.lm;
    const int64_t prefix_len = s.work.prefixes.size(1);
    BatchDecoder decoder(lm, limit);
    std::deque<Pending> ready;
    std::map<int64_t, Pending> running;  // by decoder id
    std::vector<std::shared_ptr<const PrefixKv>> prefixes(static_cast<size_t>(faces));
    std::vector<int64_t> open(static_cast<size_t>(faces), kQuestions);
    int64_t next_face = 0, live_prefix_bytes = 0;
    double batch_sum = 0;
    synchronize(s.device);
    const auto start = Clock::now();
    while (true) {
        while (!decoder.full()) {
            if (!ready.empty()) {
                const Pending p = ready.front();
                ready.pop_front();
                BatchSequence seq;
                seq.prefix = prefixes[size_t(p.face)];
                seq.suffix_embeds = s.work.questions[size_t(p.question)];
                seq.context_ids = s.work.question_ids[size_t(p.question)];
                seq.params = s.params;
                running[decoder.add(std::move(seq))] = p;
                continue;
            }
            if (next_face >= faces)
                break;
            // Enough faces for the free slots, a round at most.
            const int64_t free = decoder.max_batch() - decoder.active();
            const int64_t count = std::min(
                {std::clamp<int64_t>((free + kQuestions - 1) / kQuestions, 1, kFacesPerRound),
                 faces - next_face});
            if (s.tower) {
                const auto t = Clock::now();
                s.tower->run(count);
                run.tower_ms += ms_since(s.device, t);
            }
            const auto t = Clock::now();
            KvCache cache = lm->make_cache(prefix_len);
            lm->hidden_states(s.work.prefixes.narrow(0, next_face, count), &cache);  // (F, P, H)
            const auto made = PrefixKv::from_cache(cache);
            run.prefill_ms += ms_since(s.device, t);
            for (int64_t i = 0; i < count; ++i) {
                prefixes[size_t(next_face + i)] = made[size_t(i)];
                live_prefix_bytes += made[size_t(i)]->bytes();
                for (int64_t q = 0; q < kQuestions; ++q)
                    ready.push_back({next_face + i, q});
            }
            next_face += count;
        }
        if (decoder.active() == 0)
            break;
        batch_sum += double(decoder.active());
        const auto t = Clock::now();
        auto finished = decoder.step();  // reads the chosen ids: synchronises
        run.decode_ms += ms_since(s.device, t);
        run.steps += 1;
        run.peak_kv_bytes = std::max(run.peak_kv_bytes, live_prefix_bytes + decoder.slot_bytes());
        for (auto& f : finished) {
            const auto it = running.find(f.id);
            const Pending p = it->second;
            running.erase(it);
            run.tokens += int64_t(f.result.ids.size());
            run.answers += 1;
            (*answers)[size_t(p.face)][size_t(p.question)] = std::move(f.result.ids);
            if (--open[size_t(p.face)] == 0) {  // its last question: the prefix goes
                live_prefix_bytes -= prefixes[size_t(p.face)]->bytes();
                prefixes[size_t(p.face)].reset();
            }
        }
    }
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    run.mean_batch = run.steps > 0 ? batch_sum / double(run.steps) : 0.0;
    return run;
}

// Answers of the first `faces` faces that equal the sequential ones.
int64_t matching(const Answers& sequential, const Answers& batched, int64_t faces) {
    int64_t same = 0;
    for (int64_t f = 0; f < faces; ++f)
        for (int64_t q = 0; q < kQuestions; ++q)
            same += sequential[size_t(f)][size_t(q)] == batched[size_t(f)][size_t(q)] ? 1 : 0;
    return same;
}

}  // namespace

io::Json run_synthetic_answers_bench(const std::string& shape, const torch::Device& device,
                                     torch::Dtype dtype, const AnswersBenchSettings& settings) {
    torch::NoGradGuard no_grad;
    const auto log = [&](const std::string& line) {
        if (settings.log)
            settings.log("answers " + shape + ": " + line);
    };
    if (settings.answer_tokens < 1)
        throw Error("answer tokens must be at least 1", "", "pass --answer-tokens 24");
    const auto hp = llama_shape(shape);
    const auto options = torch::TensorOptions().device(device).dtype(dtype);
    const int64_t faces =
        settings.faces > 0 ? int64_t(settings.faces) : (device.is_cuda() ? 256 : 4);
    const int64_t sequential_faces = std::min(faces, kSequentialFaces);

    log("random weights, " + std::to_string(faces) + " faces x " + std::to_string(kQuestions) +
        " questions");
    Synthetic s(build_bench_model(hp, {dtype_name(dtype), dtype, std::nullopt}, device, dtype),
                device);
    s.lm->eval();
    s.work = make_workload(s.lm, faces, options);
    s.params.max_new_tokens = settings.answer_tokens;  // greedy; the shapes have no eos
    s.kv_bytes_per_token = 2 * hp.num_hidden_layers * hp.num_key_value_heads * hp.head_dim *
                           int64_t(c10::elementSize(dtype));
    // On the CPU a ViT-L/14 forward would dominate both paths (the vision
    // suite measures it); on CUDA it is part of the workload.
    std::optional<Tower> tower;
    if (device.is_cuda()) {
        tower.emplace(options);
        s.tower = &*tower;
    }
    std::optional<DecodeSession> session;
    if (device.is_cuda())
        session.emplace(s.lm, device, DecodeStepRunner::graphs_wanted(device));
    DecodeSession* session_ptr = session ? &*session : nullptr;

    io::Json rec;
    rec["model"] = "synthetic";
    rec["shape"] = shape;
    rec["dtype"] = dtype_name(dtype);
    rec["faces"] = faces;
    rec["questions_per_face"] = kQuestions;
    rec["answer_tokens"] = settings.answer_tokens;
    rec["prompt"] = {{"system_tokens", kSystemTokens},
                     {"image_tokens", kImageTokens},
                     {"prefix_tokens", kSystemTokens + kImageTokens},
                     {"question_tokens", kQuestionTokens}};
    rec["tower"] = device.is_cuda()
                       ? "clip-vit-l14-224 (random weights): per question sequentially, per face "
                         "batched across faces"
                       : "not measured on CPU for synthetic shapes";
    rec["sequential_faces"] = sequential_faces;

    // Warm-up (untimed): one answer each way, allocations and graphs made.
    Answers sequential_answers, batched_answers;
    check_cancel(settings);
    run_sequential(s, 1, session_ptr, &sequential_answers);
    run_batched(s, 1, kQuestions, &batched_answers);

    std::vector<AnswerRun> runs;
    for (int r = 0; r < std::max(1, settings.repeats); ++r) {
        check_cancel(settings);
        runs.push_back(run_sequential(s, sequential_faces, session_ptr, &sequential_answers));
    }
    const AnswerRun sequential = median_run(runs);
    const double sequential_rate = double(sequential.answers) / sequential.seconds;
    rec["sequential"] = answer_run_json(sequential, 0);
    log("sequential " + std::to_string(sequential_rate) + " answers/s");

    io::Json rows = io::Json::array();
    bool all_identical = true;
    for (const int limit : settings.batch_limits) {
        const int64_t run_faces = std::min(
            faces, std::max(sequential_faces, (kFills * limit + kQuestions - 1) / kQuestions));
        runs.clear();
        int64_t same = 0;
        for (int r = 0; r < std::max(1, settings.repeats); ++r) {
            check_cancel(settings);
            runs.push_back(run_batched(s, run_faces, limit, &batched_answers));
            const int64_t agree = matching(sequential_answers, batched_answers, sequential_faces);
            same = r == 0 ? agree : std::min(same, agree);  // every repeat must agree
        }
        const AnswerRun batched = median_run(runs);
        const io::Json row =
            batched_row(batched, sequential_rate, limit, sequential_faces * kQuestions, same);
        all_identical = all_identical && row["identical_answers"].get<bool>();
        rows.push_back(row);
        log("batch limit " + std::to_string(limit) + ": " +
            std::to_string(row["answers_per_s"].get<double>()) + " answers/s, speed-up " +
            std::to_string(row["speedup"].get<double>()));
    }
    rec["batched"] = rows;
    rec["identical_answers"] = all_identical;
    return rec;
}

}  // namespace facellava::model::bench
