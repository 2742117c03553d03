#include "engine/answer_scheduler.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/sampling_settings.h"
#include "engine/video_frames.h"
#include "generation/batch_decoder.h"
#include "multimodal/attention_maps.h"

namespace facellava::model {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Faces encoded (and prefixes prefilled) together at most: enough to fill a
// batch's worth of work, few enough that the first answers start soon.
constexpr size_t kFacesPerRound = 8;

// The -200 sentinel (Tokenizer::encode_prompt) where image tokens go.
bool is_sentinel(int64_t id) {
    return id < 0;
}

std::string megabytes(int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f MB", double(bytes) / 1048576.0);
    return text;
}

ChatReply reply_stopped(const char* reason) {
    ChatReply reply;
    reply.stop_reason = reason;
    return reply;
}
ChatReply error_reply() {
    return reply_stopped("error");
}

}  // namespace

struct AnswerScheduler::Job {
    std::vector<FaceAnswers> results;
    const std::atomic<bool>* cancel = nullptr;
    int64_t open = 0;  // questions not yet answered (guarded by mutex_)
    std::exception_ptr failure;
    Clock::time_point submitted = Clock::now();

    bool cancelled() const { return cancel != nullptr && cancel->load(); }
};

struct AnswerScheduler::Face {
    std::shared_ptr<Job> job;
    size_t index = 0;  // in the job
    FaceQuestions request;
    // Set by prepare_faces():
    bool prepared = false;
    std::vector<FaceFrame> frames;              // what the tower sees
    std::vector<std::vector<int64_t>> prompts;  // per question, with sentinels
    int64_t shared = 0;                         // ids every prompt starts with (0: none)
    std::vector<torch::Tensor> segments;        // visual tokens per sentinel
    torch::Tensor prefix_embeds;                // (1, P, H) of the shared ids
    std::vector<RegionAttentionMap> attention;  // FRGCA's, first frame
    double vision_ms = 0;
    // Set by prefill():
    std::shared_ptr<const PrefixKv> prefix;
    int64_t prefix_bytes = 0;
    int64_t open = 0;  // questions not answered yet

    bool has_landmarks() const {
        for (const auto& f : frames)
            if (!f.landmarks)
                return false;
        return true;
    }
};

struct AnswerScheduler::Question {
    std::shared_ptr<Face> face;
    size_t index = 0;
    torch::Tensor suffix_embeds;  // (1, T, H)
};

AnswerScheduler::AnswerScheduler(FaceLlavaModel& model, const Tokenizer& tokenizer, Encode encode,
                                 int max_batch, int64_t kv_budget_bytes)
    : model_(model),
      tokenizer_(tokenizer),
      encode_(std::move(encode)),
      max_batch_(max_batch),
      kv_budget_bytes_(kv_budget_bytes),
      decoder_(std::make_unique<BatchDecoder>(model.llm(), max_batch)) {
    if (kv_budget_bytes < 0)
        throw Error(
            "the KV cache budget must be ≥ 0 MB (0: none), got " + megabytes(kv_budget_bytes), "",
            "pass --kv-budget-mb 0 or a positive size");
    thread_ = std::thread([this] { run(); });
}

AnswerScheduler::~AnswerScheduler() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::vector<FaceAnswers> AnswerScheduler::ask(const std::vector<FaceQuestions>& faces,
                                              const std::atomic<bool>* cancel) {
    auto job = std::make_shared<Job>();
    job->cancel = cancel;
    job->results.resize(faces.size());
    std::vector<std::shared_ptr<Face>> queued;
    for (size_t i = 0; i < faces.size(); ++i) {
        job->results[i].replies.resize(faces[i].questions.size());
        if (faces[i].questions.empty())
            continue;
        auto face = std::make_shared<Face>();
        face->job = job;
        face->index = i;
        face->request = faces[i];  // a copy: the scheduler may outlive the caller's vector
        face->open = int64_t(faces[i].questions.size());
        job->open += face->open;
        queued.push_back(std::move(face));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (stop_)
        throw Error("the engine is shutting down", "", "load the checkpoint again");
    for (auto& f : queued)
        incoming_.push_back(std::move(f));
    wake_.notify_all();
    done_.wait(lock, [&] { return job->open == 0; });
    if (job->failure)
        std::rethrow_exception(job->failure);
    return std::move(job->results);
}

AnswerStats AnswerScheduler::stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
}

void AnswerScheduler::run() {
    torch::NoGradGuard no_grad;
    while (true) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] {
                return stop_ || !incoming_.empty() || !waiting_.empty() || !ready_.empty() ||
                       decoder_->active() > 0;
            });
            if (stop_)
                break;
            while (!incoming_.empty()) {
                waiting_.push_back(std::move(incoming_.front()));
                incoming_.pop_front();
            }
        }
        try {
            work();
        } catch (...) {
            fail_running(std::current_exception());
        }
    }
    fail_running(std::make_exception_ptr(
        Error("the engine closed while answering", "", "load the checkpoint again")));
}

void AnswerScheduler::resolve(Face& face, size_t question, ChatReply reply) {
    std::lock_guard<std::mutex> lock(mutex_);
    face.job->results[face.index].replies[question] = std::move(reply);
    if (--face.open == 0) {
        // The last question of this face: its prefix goes.
        prefix_bytes_ -= face.prefix_bytes;
        face.prefix_bytes = 0;
        face.prefix.reset();
        face.segments.clear();
        face.prefix_embeds = torch::Tensor();
    }
    if (--face.job->open == 0)
        done_.notify_all();
}

void AnswerScheduler::fail_face(Face& face, const Error& error) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        face.job->results[face.index].error = error;
    }
    for (size_t i = 0; i < face.request.questions.size(); ++i)
        resolve(face, i, error_reply());
}

void AnswerScheduler::fail_running(std::exception_ptr error) {
    // A failure of the model itself (out of memory, a bad kernel) is no one
    // face's: every job in the scheduler fails with it.
    std::vector<std::pair<std::shared_ptr<Face>, size_t>> questions;
    for (auto& [id, q] : running_)
        questions.emplace_back(q->face, q->index);
    running_.clear();
    for (auto& q : ready_)
        questions.emplace_back(q->face, q->index);
    ready_.clear();
    std::deque<std::shared_ptr<Face>> faces;
    faces.swap(waiting_);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& face : incoming_)
            faces.push_back(face);
        incoming_.clear();
    }
    for (auto& face : faces)
        for (size_t i = 0; i < face->request.questions.size(); ++i)
            questions.emplace_back(face, i);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& q : questions)
            q.first->job->failure = error;
    }
    for (auto& [face, index] : questions)
        resolve(*face, index, error_reply());
    decoder_ = std::make_unique<BatchDecoder>(model_.llm(), max_batch_);
    prefix_bytes_ = 0;
}

void AnswerScheduler::prepare_faces(std::vector<std::shared_ptr<Face>>& faces) {
    const auto& hp = model_.hparams();
    std::vector<std::shared_ptr<Face>> landmarked, plain, videos;
    for (auto& face : faces) {
        if (face->prepared)
            continue;
        const FaceQuestions& r = face->request;
        try {
            check_visual_request(hp, r.frames.size(), r.is_video);
            face->frames = r.is_video ? frames_for_video_tower(r.frames, hp.num_frames) : r.frames;
            ConversationTemplate conv = vicuna_v1_template();
            if (r.system_prompt)
                conv.system = *r.system_prompt;
            const VisualInput visual = face->frames.empty() ? VisualInput::None
                                       : r.is_video         ? VisualInput::Video
                                                            : VisualInput::Image;
            for (const auto& question : r.questions) {
                const std::string prompt = build_prompt(conv, {{ChatTurn::Role::User, question}},
                                                        visual, int(face->frames.size()));
                face->prompts.push_back(tokenizer_.encode_prompt(prompt));
                if (int64_t(face->prompts.back().size()) > hp.max_text_tokens)
                    throw Error("the question is " + std::to_string(face->prompts.back().size()) +
                                    " tokens, over the model's limit of " +
                                    std::to_string(hp.max_text_tokens),
                                "", "shorten the question");
            }
            // The shared prefix: what every prompt starts with, leaving each
            // at least one token of its own, and holding every image.
            int64_t shared = int64_t(face->prompts.front().size()) - 1;
            for (const auto& ids : face->prompts) {
                int64_t same = 0;
                const auto& first = face->prompts.front();
                while (same < int64_t(ids.size()) && same < int64_t(first.size()) &&
                       ids[size_t(same)] == first[size_t(same)])
                    ++same;
                shared = std::min({shared, same, int64_t(ids.size()) - 1});
            }
            for (const auto& ids : face->prompts)
                for (size_t i = size_t(std::max<int64_t>(shared, 0)); i < ids.size(); ++i)
                    if (is_sentinel(ids[i]))
                        shared = 0;  // an image past the shared part: nothing is shared
            face->shared = std::max<int64_t>(shared, 0);
        } catch (const Error& e) {
            fail_face(*face, e);
            face->prepared = true;
            continue;
        }
        if (face->frames.empty()) {
            face->prepared = true;
        } else if (r.is_video) {
            videos.push_back(face);
        } else if (face->has_landmarks()) {
            landmarked.push_back(face);
        } else {
            plain.push_back(face);
        }
    }

    // One tower call per group of images (landmarks or not: FRGCA runs for a
    // whole call or not at all), each video alone. A failing group is
    // retried face by face, so one bad crop fails only its own face.
    const auto encode_group = [&](const std::vector<std::shared_ptr<Face>>& group) {
        std::vector<FaceFrame> frames;
        for (const auto& f : group)
            frames.insert(frames.end(), f->frames.begin(), f->frames.end());
        const bool video = group.front()->request.is_video;
        const auto start = Clock::now();
        VisualEncoding encoding = encode_(frames, video);
        const double ms = ms_since(start);
        const auto segments = visual_segments(encoding.tokens);
        const size_t per_face = segments.size() / group.size();
        for (size_t i = 0; i < group.size(); ++i) {
            Face& face = *group[i];
            face.segments.assign(segments.begin() + std::ptrdiff_t(i * per_face),
                                 segments.begin() + std::ptrdiff_t((i + 1) * per_face));
            if (encoding.attention.defined()) {
                // Row of the face's first frame: images one row each, a video T rows.
                const int64_t row = video ? 0 : int64_t(i);
                face.attention =
                    region_attention_maps(encoding.attention[row].to(torch::kFloat32).cpu());
            }
            face.vision_ms = ms / double(group.size());
        }
        std::lock_guard<std::mutex> lock(mutex_);
        stats_.faces += int64_t(group.size());
        stats_.tower_ms += ms;
    };
    const auto encode_all = [&](const std::vector<std::shared_ptr<Face>>& faces_of_kind,
                                bool together) {
        if (faces_of_kind.empty())
            return;
        if (together && faces_of_kind.size() > 1) {
            try {
                encode_group(faces_of_kind);
                for (auto& f : faces_of_kind)
                    f->prepared = true;
                return;
            } catch (const Error&) {
                // retried one by one below
            }
        }
        for (auto& f : faces_of_kind) {
            try {
                encode_group({f});
            } catch (const Error& e) {
                fail_face(*f, e);
            }
            f->prepared = true;
        }
    };
    encode_all(landmarked, true);
    encode_all(plain, true);
    encode_all(videos, false);

    for (auto& face : faces) {
        if (face->open == 0 || face->shared == 0 || face->prefix_embeds.defined())
            continue;
        try {
            const auto& first = face->prompts.front();
            face->prefix_embeds = model_.splice(
                std::vector<int64_t>(first.begin(), first.begin() + face->shared), face->segments);
        } catch (const Error& e) {
            fail_face(*face, e);
        }
    }
}

void AnswerScheduler::prefill(std::vector<std::shared_ptr<Face>>& faces) {
    // Faces whose prefixes have the same length prefill in one forward.
    std::map<int64_t, std::vector<std::shared_ptr<Face>>> by_length;
    for (auto& face : faces)
        if (face->prefix_embeds.defined())
            by_length[face->prefix_embeds.size(1)].push_back(face);
    auto& lm = model_.llm();
    for (auto& [length, group] : by_length) {
        for (size_t first = 0; first < group.size(); first += kFacesPerRound) {
            const size_t count = std::min(kFacesPerRound, group.size() - first);
            std::vector<torch::Tensor> rows;
            for (size_t i = 0; i < count; ++i)
                rows.push_back(group[first + i]->prefix_embeds);
            const auto start = Clock::now();
            KvCache cache = lm->make_cache(length);
            lm->hidden_states(torch::cat(rows, 0), &cache);  // (F, P, H); keys and values kept
            const auto prefixes = PrefixKv::from_cache(cache);
            const double ms = ms_since(start);
            for (size_t i = 0; i < count; ++i) {
                Face& face = *group[first + i];
                face.prefix = prefixes[i];
                face.prefix_bytes = prefixes[i]->bytes();
                face.prefix_embeds = torch::Tensor();
                prefix_bytes_ += face.prefix_bytes;
            }
            std::lock_guard<std::mutex> lock(mutex_);
            stats_.prefill_ms += ms;
        }
    }
}

void AnswerScheduler::start_questions(const std::shared_ptr<Face>& face) {
    auto& lm = model_.llm();
    for (size_t i = 0; i < face->prompts.size(); ++i) {
        auto q = std::make_shared<Question>();
        q->face = face;
        q->index = i;
        const auto& ids = face->prompts[i];
        if (face->prefix) {
            const std::vector<int64_t> own(ids.begin() + face->shared, ids.end());
            q->suffix_embeds =
                lm->embed(torch::tensor(own, torch::kInt64).to(model_.device()).view({1, -1}));
        } else {
            q->suffix_embeds = model_.splice(ids, face->segments);
        }
        ready_.push_back(std::move(q));
    }
}

void AnswerScheduler::admit_faces(size_t count) {
    std::vector<std::shared_ptr<Face>> faces(
        waiting_.begin(), waiting_.begin() + std::ptrdiff_t(std::min(count, waiting_.size())));
    prepare_faces(faces);
    const auto& hp = model_.llm()->hparams();
    const int64_t per_token = 2 * hp.num_hidden_layers * hp.num_key_value_heads * hp.head_dim *
                              int64_t(c10::elementSize(model_.dtype()));
    std::vector<std::shared_ptr<Face>> admitted;
    int64_t planned = prefix_bytes_;
    for (auto& face : faces) {
        if (face->open == 0) {  // failed while preparing
            waiting_.erase(std::find(waiting_.begin(), waiting_.end(), face));
            continue;
        }
        if (kv_budget_bytes_ > 0) {
            // The suffix slots at the size this face's answers need, and the prefixes.
            int64_t longest = 0;
            for (const auto& ids : face->prompts)
                longest = std::max<int64_t>(longest, int64_t(ids.size()) - face->shared);
            const int64_t slots =
                int64_t(max_batch_) * (longest + face->request.settings.max_new_tokens) * per_token;
            const int64_t prefix =
                face->prefix_embeds.defined() ? face->prefix_embeds.size(1) * per_token : 0;
            const int64_t need = std::max(slots, decoder_->slot_bytes()) + planned + prefix;
            if (need > kv_budget_bytes_) {
                const bool alone = planned == 0 && decoder_->active() == 0 && ready_.empty();
                if (!alone)
                    break;  // waits for running faces to finish
                fail_face(*face, Error("one face's KV cache needs " + megabytes(need) +
                                           ", over the budget of " + megabytes(kv_budget_bytes_),
                                       "",
                                       "raise --kv-budget-mb, lower --answer-batch or "
                                       "--max-tokens"));
                waiting_.erase(std::find(waiting_.begin(), waiting_.end(), face));
                continue;
            }
            planned += prefix;
        }
        admitted.push_back(face);
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), face));
    }
    prefill(admitted);
    for (auto& face : admitted)
        start_questions(face);
}

bool AnswerScheduler::work() {
    // Cancelled callers' faces and questions leave before any work on them.
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        if ((*it)->job->cancelled()) {
            for (size_t i = 0; i < (*it)->request.questions.size(); ++i)
                resolve(**it, i, reply_stopped("cancelled"));
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = ready_.begin(); it != ready_.end();) {
        if ((*it)->face->job->cancelled()) {
            resolve(*(*it)->face, (*it)->index, reply_stopped("cancelled"));
            it = ready_.erase(it);
        } else {
            ++it;
        }
    }

    // Fill the batch: questions whose prefix is ready first, then new faces.
    while (!decoder_->full()) {
        if (!ready_.empty()) {
            auto q = ready_.front();
            ready_.pop_front();
            const Face& face = *q->face;
            BatchSequence s;
            s.prefix = face.prefix;
            s.suffix_embeds = q->suffix_embeds;
            s.context_ids = face.prompts[q->index];
            s.params = sampling_params(face.request.settings);
            s.decode = [this](const std::vector<int64_t>& ids) {
                return tokenizer_.decode(std::vector<int32_t>(ids.begin(), ids.end()));
            };
            s.cancel = face.job->cancel;
            try {
                running_[decoder_->add(std::move(s))] = q;
            } catch (const Error& e) {
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    face.job->results[face.index].error = e;
                }
                resolve(*q->face, q->index, error_reply());
            }
            continue;
        }
        if (waiting_.empty())
            break;
        const size_t free = size_t(decoder_->max_batch() - decoder_->active());
        const size_t per_face = std::max<size_t>(1, waiting_.front()->request.questions.size());
        const size_t before = waiting_.size();
        admit_faces(std::clamp<size_t>((free + per_face - 1) / per_face, 1, kFacesPerRound));
        if (ready_.empty() && waiting_.size() == before)
            break;  // the budget is full: wait for running faces
    }
    if (decoder_->active() == 0)
        return !waiting_.empty();

    const int64_t batch = decoder_->active();
    const auto start = Clock::now();
    auto finished = decoder_->step();
    const double ms = ms_since(start);
    // The counts first: a caller woken by its last answer sees them.
    {
        int64_t tokens = 0;
        for (const auto& f : finished)
            tokens += int64_t(f.result.ids.size());
        std::lock_guard<std::mutex> lock(mutex_);
        stats_.steps += 1;
        stats_.decode_ms += ms;
        stats_.sequences += int64_t(finished.size());
        stats_.tokens += tokens;
        batch_sum_ += double(batch);
        stats_.mean_batch = batch_sum_ / double(stats_.steps);
        stats_.peak_kv_bytes =
            std::max(stats_.peak_kv_bytes, prefix_bytes_ + decoder_->slot_bytes());
    }
    for (auto& f : finished) {
        auto it = running_.find(f.id);
        auto q = it->second;
        running_.erase(it);
        const Face& face = *q->face;
        ChatReply reply;
        reply.text = f.result.text;
        reply.token_ids = f.result.ids;
        reply.stop_reason = stop_reason_name(f.result.stop_reason);
        reply.vision_ms = face.vision_ms;
        reply.prefill_ms = f.result.timings.prefill_ms;
        reply.tokens_per_s = f.result.timings.decode_tokens_per_s;
        reply.total_ms = ms_since(face.job->submitted);
        reply.prompt_tokens = f.result.timings.prompt_tokens;
        reply.attention = face.attention;
        resolve(*q->face, q->index, std::move(reply));
    }
    return true;
}

}  // namespace facellava::model
