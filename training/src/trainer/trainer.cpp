#include "trainer/trainer.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "batching/batch_builder.h"
#include "batching/length_grouping.h"
#include "dataset/ordered_prefetcher.h"
#include "dataset/sampling_plan.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/folder_lock.h"
#include "facellava/core/paths.h"
#include "facellava/model/runtime.h"
#include "facellava/model/trained_tasks.h"
#include "facellava/training/lr_schedule.h"
#include "io/safetensors.h"
#include "runtime/device_choice.h"
#include "trainer/checkpoint_io.h"
#include "trainer/data_tasks.h"
#include "trainer/evaluator.h"
#include "trainer/metrics_log.h"
#include "trainer/mixed_precision.h"
#include "trainer/run_setup.h"

#if defined(__has_include)
#if __has_include(<c10/cuda/CUDAFunctions.h>) && __has_include(<cuda_runtime_api.h>)
#include <cuda_runtime_api.h>
#define FACELLAVA_TRAIN_CUDA_RUNTIME 1
#endif
#endif

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// CUDA: device memory in use (cudaMemGetInfo; every process on the device).
// CPU: this process's resident set.
int64_t memory_in_use(const torch::Device& device) {
#ifdef FACELLAVA_TRAIN_CUDA_RUNTIME
    if (device.is_cuda()) {
        size_t free_bytes = 0, total_bytes = 0;
        if (cudaSetDevice(device.index()) == cudaSuccess &&
            cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess) {
            return int64_t(total_bytes - free_bytes);
        }
        return 0;
    }
#endif
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return int64_t(resident) * int64_t(::sysconf(_SC_PAGESIZE));
}

// Rough length for grouping only: ~4 bytes of text per token plus the visual tokens.
int64_t estimated_length(const SampleRecord& s, const RunPlan& plan) {
    const int64_t per_segment =
        s.media == SampleMedia::Video ? plan.tokens_per_frame : plan.tokens_per_image;
    return s.text_bytes / 4 + s.visual_segments(plan.config.data.num_frames) * per_segment;
}

void set_trainable(const NamedTensors& tensors, bool on) {
    for (const auto& [name, t] : tensors)
        t.set_requires_grad(on);
}

void append(NamedTensors& to, const NamedTensors& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

struct Trainer::EpochData {
    int64_t epoch = 0;
    int64_t next_batch = 0;  // index into batches
    BatchPlan batches;       // this rank's share of each global micro-batch
    std::unique_ptr<OrderedPrefetcher<LoadedBatch>> prefetch;  // declared last: stopped first
};

Trainer::Trainer(RunPlan plan, TrainCallbacks callbacks, std::unique_ptr<DistContext> dist)
    : plan_(std::move(plan)), callbacks_(std::move(callbacks)), dist_(std::move(dist)) {}

Trainer::~Trainer() = default;

void Trainer::log(const std::string& line) const {
    if (callbacks_.on_log)
        callbacks_.on_log(line);
}

void Trainer::report(const TrainProgress& progress) const {
    if (callbacks_.on_progress)
        callbacks_.on_progress(progress);
}

bool Trainer::cancelled() const {
    return callbacks_.cancel != nullptr && callbacks_.cancel->load();
}

bool Trainer::stop_requested() {
    if (!dist_)
        return cancelled();
    return dist_->sum({cancelled() ? 1.0 : 0.0}, "agreeing whether to stop")[0] > 0;
}

void Trainer::wait_for_main(const std::string& what) {
    if (dist_)
        dist_->barrier(what);
}

void Trainer::prepare() {
    const TrainConfig& c = plan_.config;
    // First, before seconds of loading: two runs writing one folder would
    // interleave metrics.jsonl and overwrite each other's checkpoints. The
    // other ranks of this run write nothing there but their logs.
    if (is_main())
        output_lock_.emplace(c.checkpoint.output_dir, ".train.lock",
                             "another facellava train run is writing to this output folder",
                             "wait for it to finish (or stop it), or give this run another "
                             "output folder");
    if (c.cpu_threads > 0)
        model::set_cpu_threads(c.cpu_threads);  // LibTorch's and OpenBLAS's threads
    device_ = model::resolve_device(c.model.device);
    const std::string precision =
        c.model.precision == "auto" ? (device_.is_cuda() ? "bf16" : "fp32") : c.model.precision;
    if (precision == "bf16" && !device_.is_cuda()) {
        throw Error("bf16 training needs a CUDA device (autocast is CUDA-only here)", "",
                    "use --precision fp32 on the CPU");
    }
    autocast_ = precision == "bf16";
    // Seeded before anything draws random numbers (fresh landmark modules,
    // LoRA init, dropout); a resumed run then restores the generator state.
    torch::manual_seed(c.seed);
    if (device_.is_cuda())
        torch::cuda::manual_seed_all(c.seed);

    std::string load_log;
    model_ = TrainableFaceLlava::load(c.model.checkpoint, device_, c.stage == TrainStage::Landmarks,
                                      &load_log);
    if (!load_log.empty())
        log(load_log.substr(0, load_log.size() - 1));
    tokenizer_ = model::Tokenizer::load(model_->paths().tokenizer);
    if (tokenizer_->vocab_size() > model_->hparams().llm.vocab_size) {
        throw Error("the tokenizer has more pieces than the model's vocabulary",
                    model_->paths().tokenizer,
                    "use the tokenizer.model that came with the checkpoint");
    }

    // Everything frozen, then the stage's parts unfrozen (spec §8).
    const auto llm = model_->llm_parameters();
    const auto projector = model_->projector_parameters();
    const auto landmarks = model_->landmark_parameters();
    set_trainable(llm, false);
    set_trainable(projector, false);
    set_trainable(landmarks, false);
    trainable_.clear();
    if (c.stage == TrainStage::Full)
        append(trainable_, llm);
    if (c.stage == TrainStage::Lora) {
        lora_ = std::make_unique<LoraAdapters>(model_->llm(), c.lora, device_);
        append(trainable_, lora_->named_parameters());
    }
    if (c.stage != TrainStage::Landmarks)
        append(trainable_, projector);
    append(trainable_, landmarks);
    set_trainable(trainable_, true);
    if (autocast_)
        model_->cast_frozen(torch::kBFloat16, /*llm_frozen=*/c.stage != TrainStage::Full);

    forward_ = std::make_unique<LlamaTrainForward>(model_->llm(), lora_.get());
    forward_->set_activation_checkpointing(c.optim.activation_checkpointing);
    adamw_ = build_grouped_adamw(trainable_, c.optim, c.model.checkpoint);

    // Shared with facellava eval (run_setup.h): samples are fed the same way.
    loader_ = make_loader_options(plan_, *tokenizer_);

    fs::create_directories(c.checkpoint.output_dir);
    if (is_main())
        save_train_config(c, (fs::path(c.checkpoint.output_dir) / "train_config.json").string());
    int64_t resume_step = -1;
    if (!c.checkpoint.resume_from.empty()) {
        const std::string dir =
            resolve_resume_dir(c.checkpoint.resume_from, c.checkpoint.output_dir);
        const TrainerState state = load_checkpoint(dir, trainable_, *adamw_.optimizer);
        if (state.stage != stage_name(c.stage)) {
            throw Error("the checkpoint was written by a '" + state.stage + "' run, this run is '" +
                            stage_name(c.stage) + "'",
                        dir, "resume with the same stage");
        }
        if (state.total_steps != plan_.total_steps || state.seed != c.seed) {
            log("note: the resumed run's schedule or seed differs from the checkpoint's (total "
                "steps " +
                std::to_string(state.total_steps) + " → " + std::to_string(plan_.total_steps) +
                "); the data order and learning rates follow the new settings");
        }
        step_ = state.step;
        last_loss_ = state.last_loss;
        last_checkpoint_ = dir;
        resume_step = step_;
        restore_position(state);
        log("resumed from " + dir + " at step " + std::to_string(step_));
    }
    start_step_ = step_;
    if (dist_) {
        // Every rank starts from rank 0's weights (they agree already when
        // seeded alike; this makes it so whatever the initialisation did).
        buckets_ = std::make_unique<GradientBuckets>(
            trainable_, int64_t(std::llround(c.dist.bucket_mb * double(1 << 20))), c.dist.overlap);
        buckets_->broadcast_values(*dist_, 0);
        log(dist_->describe() + ": " + std::to_string(plan_.world_size) + " ranks × " +
            std::to_string(c.optim.batch_size) + " samples per micro-batch, gradients in " +
            std::to_string(buckets_->bucket_count()) + " bucket(s), all-reduced " +
            (c.dist.overlap ? "during" : "after") + " the backward pass");
    }
    if (is_main()) {
        metrics_ =
            std::make_unique<MetricsLog>(metrics_log_path(c.checkpoint.output_dir), resume_step);
    }
}

BatchPlan Trainer::epoch_global_batches(int64_t epoch,
                                        const std::vector<EpochSegment>& earlier) const {
    const TrainConfig& c = plan_.config;
    std::vector<int64_t> lengths;
    lengths.reserve(plan_.train.samples.size());
    for (const auto& s : plan_.train.samples)
        lengths.push_back(estimated_length(s, plan_));
    const auto order = epoch_sample_order(plan_.sample_tasks, c.data.task_weights, c.seed, epoch);
    EpochBatchesParams p;
    p.order = &order;
    p.lengths = &lengths;
    p.group_by_length = c.data.group_by_length;
    p.seed = c.seed;
    p.epoch = epoch;
    return remaining_epoch_batches(p, earlier, plan_.global_batch);
}

void Trainer::restore_position(const TrainerState& state) {
    const TrainConfig& c = plan_.config;
    position_ = {};
    position_.epoch = state.epoch;
    position_.earlier = state.earlier_segments;
    if (state.global_batch == plan_.global_batch) {
        position_.next_batch = state.next_batch;
    } else {
        // Another global batch (world size or batch size changed): the rest
        // of the epoch is planned anew from the samples not yet seen.
        position_.earlier.push_back({state.global_batch, state.next_batch});
        log("note: the checkpoint's global micro-batch held " + std::to_string(state.global_batch) +
            " samples, this run's holds " + std::to_string(plan_.global_batch) +
            " (batch size × ranks); the rest of epoch " + std::to_string(state.epoch + 1) +
            " is re-planned from its unseen samples");
    }
    if (c.optim.max_steps > 0)
        return;
    // Epoch-based length: the steps left of this epoch at this batch size,
    // then whole epochs.
    const auto batches = int64_t(epoch_global_batches(position_.epoch, position_.earlier).size());
    const int64_t accumulation = c.optim.grad_accumulation;
    const int64_t rest = std::max<int64_t>(0, batches - position_.next_batch);
    const int64_t later_epochs = std::max<int64_t>(0, c.optim.epochs - position_.epoch - 1);
    plan_.total_steps = state.step + (rest + accumulation - 1) / accumulation +
                        later_epochs * plan_.steps_per_epoch;
}

void Trainer::open_epoch() {
    const TrainConfig& c = plan_.config;
    epoch_.reset();  // stops the previous epoch's workers
    auto data = std::make_unique<EpochData>();
    data->epoch = position_.epoch;
    data->next_batch = position_.next_batch;
    const BatchPlan global = epoch_global_batches(position_.epoch, position_.earlier);
    data->batches = dist_ ? rank_shares(global, dist_->rank(), dist_->world_size()) : global;
    const BatchPlan* batches = &data->batches;
    data->prefetch = std::make_unique<OrderedPrefetcher<LoadedBatch>>(
        [this, batches](int64_t b) {
            std::vector<const SampleRecord*> records;
            for (int64_t i : (*batches)[size_t(b)])
                records.push_back(&plan_.train.samples[size_t(i)]);
            return load_batch(records, loader_);
        },
        data->next_batch, int64_t(data->batches.size()), c.data.num_workers,
        c.data.prefetch_batches);
    epoch_ = std::move(data);
}

bool Trainer::train_step(TrainProgress& progress) {
    const TrainConfig& c = plan_.config;
    if (!epoch_ || epoch_->epoch != position_.epoch || epoch_->next_batch != position_.next_batch)
        open_epoch();
    // A re-planned epoch can have nothing left (resumed right at its end).
    for (int guard = 0; epoch_->next_batch >= int64_t(epoch_->batches.size()) && guard < 2;
         ++guard) {
        position_ = {position_.epoch + 1, 0, {}};
        open_epoch();
    }
    const int64_t epoch = position_.epoch;
    // Committed when the step is done: a failed step leaves the position at
    // its start, so its checkpoint resumes with this step's data.
    DataPosition next = position_;

    std::vector<LoadedBatch> micro;
    for (int64_t j = 0;
         j < c.optim.grad_accumulation && epoch_->next_batch < int64_t(epoch_->batches.size());
         ++j) {
        auto loaded = epoch_->prefetch->next();
        ++epoch_->next_batch;
        ++next.next_batch;
        if (!loaded)
            break;
        if (!loaded->failures.empty()) {
            if (c.data.on_bad_sample == BadSamplePolicy::Fail) {
                throw_data_issues(loaded->failures, "a training sample could not be loaded");
            }
            for (const auto& f : loaded->failures)
                log("skipped " + f.describe());
        }
        if (!loaded->samples.empty())
            micro.push_back(std::move(*loaded));
    }
    if (epoch_->next_batch >= int64_t(epoch_->batches.size()))
        next = {epoch + 1, 0, {}};  // the epoch is done
    progress.epoch = epoch;
    int64_t label_total = 0;
    for (const auto& mb : micro) {
        for (const auto& s : mb.samples)
            label_total += s.text.label_count();
    }
    // Data parallel: the step's answer tokens over all ranks normalise the loss.
    if (dist_)
        label_total = int64_t(dist_->sum({double(label_total)}, "counting answer tokens")[0]);
    if (label_total == 0) {
        log("step " + std::to_string(step_ + 1) + " had no usable sample; no update");
        position_ = next;
        return false;
    }
    // One process: loss sum / tokens. N ranks: N × loss sum / global tokens,
    // averaged over the ranks below.
    const double loss_scale =
        dist_ ? double(plan_.world_size) / double(label_total) : 1.0 / double(label_total);

    forward_->set_training(true);
    double loss_sum = 0;
    int64_t tokens = 0;
    for (size_t m = 0; m < micro.size(); ++m) {
        const auto& mb = micro[m];
        torch::Tensor loss;
        {
            AutocastGuard autocast(autocast_);
            const auto batch = splice_batch(*model_, *forward_, mb.samples);
            const auto hidden = forward_->hidden_states(batch.embeds);
            loss = causal_lm_loss_sum(*forward_, hidden, batch.labels);
            tokens += batch.tokens;
        }
        // Divided by the step's answer-token count: accumulation = one big batch.
        if (dist_) {
            // The last micro-batch's backward reduces the buckets as they
            // fill (overlap on); the earlier ones accumulate locally.
            if (m + 1 == micro.size())
                buckets_->arm(*dist_);
            (loss * loss_scale).backward();
        } else {
            (loss / double(label_total)).backward();
        }
        loss_sum += loss.item<double>();
    }
    if (dist_) {
        buckets_->average(*dist_);
        report_overlap();
        const auto sums = dist_->sum({loss_sum, double(tokens)}, "summing the step's loss");
        loss_sum = sums[0];
        tokens = int64_t(sums[1]);
    }

    LrScheduleParams schedule;
    schedule.kind = parse_lr_schedule_kind(c.optim.schedule);
    schedule.base_lr = c.optim.learning_rate;
    schedule.total_steps = plan_.total_steps;
    schedule.warmup_steps = plan_.warmup_steps;
    schedule.min_lr_ratio = c.optim.min_lr_ratio;
    const double lr = learning_rate_at(schedule, step_);
    const double grad_norm = apply_optimizer_step(adamw_, trainable_, c.optim.max_grad_norm, lr);
    position_ = next;

    last_loss_ = loss_sum / double(label_total);
    progress.loss = last_loss_;
    progress.learning_rate = lr;
    progress.grad_norm = grad_norm;
    step_tokens_ = tokens;
    return true;
}

void Trainer::report_overlap() {
    if (!buckets_->overlap_off_reason().empty() && !overlap_reported_off_) {
        overlap_reported_off_ = true;
        log(dist_->describe() +
            ": gradient overlap switched off: " + buckets_->overlap_off_reason());
    }
    // Once, on the first step with the layout in gradient order.
    const auto& s = buckets_->last_step();
    if (!s.overlapped || s.rebuilt || overlap_reported_)
        return;
    overlap_reported_ = true;
    log(dist_->describe() + ": gradient all-reduce overlapped with backward: " +
        std::to_string(s.launched_in_backward) + " of " + std::to_string(s.buckets) +
        " bucket(s) started during the backward pass, the first after " +
        std::to_string(std::max<int64_t>(s.ready_at_first_launch, 0)) + " of " +
        std::to_string(s.ready_in_backward) + " gradients");
}

void Trainer::run_evaluation(TrainProgress& progress) {
    if (plan_.eval.samples.empty())
        return;
    const TrainConfig& c = plan_.config;
    progress.phase = TrainProgress::Phase::Evaluating;
    progress.message =
        "evaluating on " + std::to_string(plan_.eval.samples.size()) + " held-out samples";
    report(progress);
    EvalOptions options;
    options.max_samples = c.eval.max_samples;
    options.max_new_tokens = c.eval.max_new_tokens;
    options.batch_size = c.optim.batch_size;
    options.task_kinds = c.eval.task_kinds;
    options.autocast = autocast_;
    options.cancel = callbacks_.cancel;
    const fs::path eval_dir = fs::path(c.checkpoint.output_dir) / "eval";
    if (is_main())
        fs::create_directories(eval_dir);
    // Every rank evaluates (no collective inside, so none waits on a
    // barrier for rank 0's generation); rank 0 alone writes.
    if (is_main())
        options.answers_path = (eval_dir / (checkpoint_folder_name(step_) + ".jsonl")).string();
    const model::Tokenizer tokenizer = *tokenizer_;
    options.decode = [tokenizer](const std::vector<int64_t>& ids) {
        return tokenizer.decode(std::vector<int32_t>(ids.begin(), ids.end()));
    };
    const auto outcome = evaluate(*model_, *forward_, plan_.eval.samples, loader_, options);
    for (const auto& f : outcome.failures)
        log("skipped (eval) " + f.describe());
    if (outcome.cancelled)
        return;
    last_eval_ = outcome.metrics;
    last_eval_["eval_loss"] = outcome.loss;
    nlohmann::json line{{"step", step_}, {"eval_loss", outcome.loss}, {"eval", outcome.metrics}};
    if (metrics_)
        metrics_->write(line);
    progress.eval = last_eval_;
    progress.phase = TrainProgress::Phase::Training;
    report(progress);
    progress.eval.clear();
}

std::string Trainer::save(const std::string& reason) {
    const TrainConfig& c = plan_.config;
    if (!is_main()) {  // rank 0 writes; the others know where
        last_checkpoint_ =
            (fs::path(checkpoints_dir(c.checkpoint.output_dir)) / checkpoint_folder_name(step_))
                .string();
        return last_checkpoint_;
    }
    TrainerState state;
    state.step = step_;
    state.epoch = position_.epoch;
    state.next_batch = position_.next_batch;
    state.global_batch = plan_.global_batch;
    state.earlier_segments = position_.earlier;
    state.world_size = plan_.world_size;
    state.total_steps = plan_.total_steps;
    state.seed = c.seed;
    state.stage = stage_name(c.stage);
    state.reason = reason;
    state.last_loss = last_loss_;
    state.config_json = train_config_to_json(c);
    last_checkpoint_ = save_checkpoint(c.checkpoint.output_dir, state, trainable_,
                                       *adamw_.optimizer, c.checkpoint.keep_last);
    log("saved checkpoint " + last_checkpoint_ + " (" + reason + ")");
    if (callbacks_.on_checkpoint)
        callbacks_.on_checkpoint({last_checkpoint_, step_, reason});
    return last_checkpoint_;
}

void Trainer::write_final_model() {
    const TrainConfig& c = plan_.config;
    const fs::path final_dir = final_model_dir(c.checkpoint.output_dir);
    const fs::path temp = create_temporary_folder(final_dir.string());
    try {
        // LoRA is folded into the weights: the result loads like any checkpoint.
        if (lora_)
            lora_->merge_into(model_->llm());
        std::map<std::string, torch::Tensor> tensors;
        for (auto& [name, t] : model_->main_state_dict())
            tensors[name] = t.to(torch::kCPU);
        io::save_safetensors((temp / "model.safetensors").string(), tensors);
        io::Json config = io::read_json_file(model_->paths().config);
        // The towers are not trained: point at the base checkpoint's.
        if (!model_->paths().image_tower.empty())
            config["mm_image_tower"] = fs::absolute(model_->paths().image_tower).string();
        if (!model_->paths().video_tower.empty())
            config["mm_video_tower"] = fs::absolute(model_->paths().video_tower).string();
        config["facellava_training"] = {{"stage", stage_name(c.stage)},
                                        {"steps", step_},
                                        {"base", fs::absolute(c.model.checkpoint).string()}};
        // What it can be asked (the CLI and GUI refuse the rest): the tasks of its data.
        config[model::kTrainedTasksKey] =
            model_tasks_in_data(plan_.sample_tasks, c.data.task_weights, c.eval.task_kinds);
        write_file_atomically((temp / "config.json").string(), config.dump(2) + "\n");
        fs::copy_file(model_->paths().tokenizer, temp / "tokenizer.model",
                      fs::copy_options::overwrite_existing);
        std::string problem;
        if (remove_tree(final_dir.string(), &problem) < 0)
            throw Error("cannot replace the previous final model: " + problem, final_dir.string(),
                        "check the folder's permissions, or choose another output folder");
        commit_folder(temp.string(), final_dir.string());  // its files synced first
    } catch (...) {
        remove_tree(temp.string());
        throw;
    }
    log("wrote the trained model to " + final_dir.string());
}

TrainResult Trainer::run() {
    const TrainConfig& c = plan_.config;
    TrainResult result;
    result.train = plan_.train.stats;
    TrainProgress progress;
    progress.total_steps = plan_.total_steps;
    progress.step = step_;
    progress.phase = TrainProgress::Phase::Training;
    progress.rank = dist_ ? dist_->rank() : 0;
    progress.world_size = plan_.world_size;
    const auto run_start = Clock::now();
    bool stopped = false;
    try {
        while (step_ < plan_.total_steps) {
            if (stop_requested()) {
                stopped = true;
                break;
            }
            const auto t0 = Clock::now();
            const bool updated = train_step(progress);
            ++step_;
            const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
            run_seconds_ += dt;
            progress.step = step_;
            progress.elapsed_s = std::chrono::duration<double>(Clock::now() - run_start).count();
            progress.eta_s =
                run_seconds_ / double(step_ - start_step_) * double(plan_.total_steps - step_);
            progress.tokens_per_s = updated && dt > 0 ? double(step_tokens_) / dt : 0.0;
            progress.memory_bytes = memory_in_use(device_);
            progress.message =
                "step " + std::to_string(step_) + "/" + std::to_string(plan_.total_steps);
            report(progress);
            if (metrics_ && updated && (step_ % c.log_every == 0 || step_ == plan_.total_steps)) {
                metrics_->write({{"step", step_},
                                 {"epoch", progress.epoch},
                                 {"loss", progress.loss},
                                 {"lr", progress.learning_rate},
                                 {"grad_norm", progress.grad_norm},
                                 {"tokens_per_s", progress.tokens_per_s},
                                 {"memory_bytes", progress.memory_bytes},
                                 {"elapsed_s", progress.elapsed_s},
                                 {"eta_s", progress.eta_s}});
            }
            if (c.eval.every > 0 && step_ % c.eval.every == 0 && step_ < plan_.total_steps)
                run_evaluation(progress);
            if (c.checkpoint.save_every > 0 && step_ % c.checkpoint.save_every == 0 &&
                step_ < plan_.total_steps) {
                progress.phase = TrainProgress::Phase::Saving;
                progress.message = "saving a checkpoint";
                report(progress);
                save("periodic");
                wait_for_main("waiting for rank 0 to save a checkpoint");
                progress.phase = TrainProgress::Phase::Training;
            }
        }
        if (stopped && step_ < plan_.total_steps) {
            epoch_.reset();
            progress.phase = TrainProgress::Phase::Saving;
            progress.message = "aborted: saving a checkpoint";
            report(progress);
            save("abort");
            wait_for_main("waiting for rank 0 to save the abort checkpoint");
            result.cancelled = true;
        } else {
            run_evaluation(progress);
            progress.phase = TrainProgress::Phase::Saving;
            progress.message = "saving the final checkpoint";
            report(progress);
            save("final");
            if (c.checkpoint.save_final_model) {
                if (is_main())
                    write_final_model();
                result.final_model_dir = final_model_dir(c.checkpoint.output_dir);
            }
            wait_for_main("waiting for rank 0 to write the final checkpoint");
        }
    } catch (const std::exception& e) {
        epoch_.reset();
        // Keep what was learnt: the state after the last completed step (the
        // same on every rank: parameters change only after a complete reduction).
        if (step_ > start_step_ && is_main()) {
            try {
                save("error");
            } catch (const std::exception&) {
            }
        }
        if (const auto* error = dynamic_cast<const Error*>(&e))
            throw *error;
        const auto* c10_error = dynamic_cast<const c10::Error*>(&e);
        throw Error(
            std::string("training failed: ") +
                (c10_error ? c10_error->what_without_backtrace() : e.what()),
            c.checkpoint.output_dir,
            step_ > start_step_
                ? "a checkpoint of the last completed step was saved; resume with --resume latest"
                : "check the settings above");
    }
    progress.phase = TrainProgress::Phase::Finished;
    progress.message = result.cancelled ? "aborted" : "finished";
    report(progress);
    result.steps_done = step_;
    result.final_loss = last_loss_;
    result.last_checkpoint = last_checkpoint_;
    result.last_eval = last_eval_;
    return result;
}

}  // namespace facellava::training
