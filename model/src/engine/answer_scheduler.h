// The engine's batched answering (FaceLlavaEngine::ask_faces): one thread
// that takes every caller's faces and questions and answers them together.
//
//   faces waiting → encoded in batches (towers, projector, FRGCA once per
//   face, however many questions) → each face's prompt up to its questions
//   prefilled once, batched across faces (a shared prefix) → one sequence
//   per (face, question) in a BatchDecoder: continuous batching, a sequence
//   joining as soon as one leaves.
//
// Faces are served first come, first served across callers, so the files a
// batch job has in flight share the batch. The KV cache stays within the
// budget: a face is admitted only when its prefix fits next to the running
// ones and the suffix slots; otherwise it waits for them to finish (and is
// refused only when nothing runs and it still does not fit).
//
// Thread-safety: ask() and stats() may be called from any thread; the
// model is only used from the scheduler's thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/facellava_model.h"
#include "facellava/model/engine.h"
#include "facellava/model/tokenizer.h"

namespace facellava::model {

class AnswerScheduler {
  public:
    // Frames of one request (one image, or a video's frames) → its encoding;
    // several images at once (is_video false) → one encoding row each.
    using Encode = std::function<VisualEncoding(const std::vector<FaceFrame>&, bool is_video)>;

    AnswerScheduler(FaceLlavaModel& model, const Tokenizer& tokenizer, Encode encode, int max_batch,
                    int64_t kv_budget_bytes);
    ~AnswerScheduler();  // stops the thread once the current step ends
    AnswerScheduler(const AnswerScheduler&) = delete;
    AnswerScheduler& operator=(const AnswerScheduler&) = delete;

    std::vector<FaceAnswers> ask(const std::vector<FaceQuestions>& faces,
                                 const std::atomic<bool>* cancel);
    AnswerStats stats() const;

  private:
    struct Job;
    struct Face;
    struct Question;

    void run();
    // One round: cancellations, admissions, one batched step. False when
    // there was nothing to do.
    bool work();
    // Encodes and prefills up to `count` waiting faces into ready questions.
    void admit_faces(size_t count);
    void prepare_faces(std::vector<std::shared_ptr<Face>>& faces);
    void prefill(std::vector<std::shared_ptr<Face>>& faces);
    void start_questions(const std::shared_ptr<Face>& face);
    // Stores a question's reply; the caller wakes once its last one is in.
    void resolve(Face& face, size_t question, ChatReply reply);
    void fail_face(Face& face, const Error& error);
    void fail_running(std::exception_ptr error);

    FaceLlavaModel& model_;
    const Tokenizer& tokenizer_;
    Encode encode_;
    int max_batch_;
    int64_t kv_budget_bytes_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;                // work arrived, or stop
    std::condition_variable done_;                // a job finished
    std::deque<std::shared_ptr<Face>> incoming_;  // guarded by mutex_
    bool stop_ = false;
    AnswerStats stats_;  // guarded by mutex_

    // The scheduler thread's own state.
    std::deque<std::shared_ptr<Face>> waiting_;             // not yet encoded
    std::deque<std::shared_ptr<Question>> ready_;           // prefix ready, not yet decoding
    std::map<int64_t, std::shared_ptr<Question>> running_;  // by decoder id
    int64_t prefix_bytes_ = 0;                              // live shared prefixes
    double batch_sum_ = 0;                                  // Σ sequences per step, for mean_batch
    std::unique_ptr<class BatchDecoder> decoder_;
    std::thread thread_;  // last: starts after everything above exists
};

}  // namespace facellava::model
