// run_evaluation(): a checkpoint and held-out files → the trainer's own
// evaluate() outside a training run. The data go through the same plan as
// training data (catalog, checks, model geometry), so what is scored here is
// fed exactly as during training.
#include <filesystem>

#include "facellava/core/error.h"
#include "facellava/training/evaluation.h"
#include "runtime/device_choice.h"
#include "trainer/evaluator.h"
#include "trainer/llama_train_forward.h"
#include "trainer/run_plan.h"
#include "trainer/run_setup.h"
#include "trainer/trainable_model.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

// The run plan's view of an evaluation: the eval files take the place of
// training files (plan_run builds and checks one catalog from them).
TrainConfig plan_config(const EvalRunOptions& o) {
    TrainConfig c;
    c.model.checkpoint = o.checkpoint;
    c.model.device = o.device;
    c.data.train_files = o.data_files;
    c.data.image_root = o.image_root;
    c.data.video_root = o.video_root.empty() ? o.image_root : o.video_root;
    c.data.system_prompt = o.system_prompt;
    c.eval.task_kinds = o.task_kinds;
    c.eval.max_new_tokens = o.max_new_tokens;
    c.cpu_threads = o.cpu_threads;
    c.checkpoint.output_dir = ".";  // required by validation; nothing is written
    return c;
}

}  // namespace

EvalRunResult run_evaluation(const EvalRunOptions& options, const EvalRunCallbacks& callbacks) {
    const auto log = [&](const std::string& line) {
        if (callbacks.on_log)
            callbacks.on_log(line);
    };
    if (options.data_files.empty())
        throw Error("no evaluation data given", "", "pass --data FILE.json");
    for (const auto& file : options.data_files) {
        if (!fs::exists(file))
            throw Error("evaluation data file not found", file, "check the path");
    }
    if (options.max_new_tokens < 1)
        throw Error("max_new_tokens must be at least 1", "", "pass --max-new-tokens 64");
    if (callbacks.on_progress)
        callbacks.on_progress({EvalRunProgress::Phase::Loading, 0, 0, ""});

    const RunPlan plan = plan_run(plan_config(options), log);
    EvalRunResult result;
    result.data = plan.train.stats;
    if (options.cpu_threads > 0)
        at::set_num_threads(options.cpu_threads);
    const torch::Device device = model::resolve_device(options.device);
    result.device = device.str();

    std::unique_ptr<TrainableFaceLlava> model;
    try {
        model = TrainableFaceLlava::load(options.checkpoint, device,
                                         /*allow_new_landmark_modules=*/false);
    } catch (const c10::Error& e) {
        throw Error(std::string("could not load the model: ") + e.what_without_backtrace(),
                    options.checkpoint, "check the checkpoint and --device");
    }
    const model::Tokenizer tokenizer = model::Tokenizer::load(model->paths().tokenizer);
    LlamaTrainForward forward(model->llm(), /*lora=*/nullptr);

    EvalOptions eval;
    const auto& samples = plan.train.samples;
    eval.max_samples = options.max_samples > 0 ? options.max_samples : int64_t(samples.size());
    eval.max_new_tokens = options.max_new_tokens;
    eval.batch_size = 1;  // the loss pass: no padding, lowest memory
    eval.task_kinds = options.task_kinds;
    // As the trainer's "auto" precision: bf16 autocast on CUDA, fp32 on the CPU.
    eval.autocast = device.is_cuda();
    eval.compute_loss = options.compute_loss;
    eval.cancel = callbacks.cancel;
    eval.on_progress = callbacks.on_progress;
    eval.decode = [tokenizer](const std::vector<int64_t>& ids) {
        return tokenizer.decode(std::vector<int32_t>(ids.begin(), ids.end()));
    };
    EvalOutcome outcome;
    try {
        outcome = evaluate(*model, forward, samples, make_loader_options(plan, tokenizer), eval);
    } catch (const c10::Error& e) {
        throw Error(std::string("evaluation failed: ") + e.what_without_backtrace(),
                    options.checkpoint, "check the data and --device");
    }
    for (const auto& f : outcome.failures)
        log("skipped " + f.describe());
    result.metrics = std::move(outcome.metrics);
    result.loss = outcome.loss;
    result.loss_tokens = outcome.loss_tokens;
    result.answers = std::move(outcome.answers);
    for (const auto& a : result.answers)
        ++result.answers_per_task[a.task];
    result.failures = std::move(outcome.failures);
    result.cancelled = outcome.cancelled;
    return result;
}

}  // namespace facellava::training
