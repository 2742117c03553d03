// run_evaluation(): a checkpoint and held-out files → the trainer's own
// evaluate() outside a training run. The data go through the same plan as
// training data (catalog, checks, model geometry), so what is scored here is
// fed exactly as during training.
#include <filesystem>

#include "evaluation/weights_compare.h"
#include "facellava/core/error.h"
#include "facellava/training/evaluation.h"
#include "io/lazy_state_dict.h"
#include "quant/llm_quantization.h"
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

// --weights: nullopt for the float32 model the evaluation loads (the
// trainer's master precision; bf16 autocast on CUDA), else the scheme its
// LLM is quantized with after loading.
std::optional<model::quant::QuantScheme> eval_scheme(const std::string& weights) {
    if (weights.empty() || weights == "auto" || weights == "fp32" || weights == "float32")
        return std::nullopt;
    if (weights.rfind("int", 0) != 0)
        throw Error("facellava eval runs the LLM in float32 (bf16 autocast on CUDA), or quantized",
                    "", "use --weights auto, fp32, int8 or int4[-gN][-zp]");
    return model::quant::parse_scheme(weights);
}

std::unique_ptr<TrainableFaceLlava> load_model(
    const EvalRunOptions& options, const torch::Device& device,
    const std::optional<model::quant::QuantScheme>& scheme) {
    std::unique_ptr<TrainableFaceLlava> model;
    try {
        model = TrainableFaceLlava::load(options.checkpoint, device,
                                         /*allow_new_landmark_modules=*/false);
    } catch (const c10::Error& e) {
        throw Error(std::string("could not load the model: ") + e.what_without_backtrace(),
                    options.checkpoint, "check the checkpoint and --device");
    }
    if (scheme)
        model::quant::quantize_llm(*model->llm(), *scheme);
    return model;
}

std::string answer_key(const EvalAnswer& a) {
    return a.file + "#" + std::to_string(a.index);
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

    const auto scheme = eval_scheme(options.weights);
    std::vector<model::quant::QuantScheme> compared;
    for (const auto& name : options.compare_weights)
        compared.push_back(model::quant::parse_scheme(name));
    if (scheme && !compared.empty())
        throw Error("--compare-weights compares quantized models with the float32 one", "",
                    "drop --weights " + options.weights);
    if (model::quant::stored_scheme(io::checkpoint_weight_files(options.checkpoint)))
        throw Error("facellava eval reads 16/32-bit checkpoints; this one is quantized",
                    options.checkpoint,
                    "evaluate the checkpoint it was made from with --weights int8 or int4");

    std::unique_ptr<TrainableFaceLlava> model = load_model(options, device, scheme);
    result.weights = scheme ? scheme->name() : "fp32";
    result.llm_weight_bytes = model::quant::llm_weight_bytes(*model->llm());
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

    // The same samples through each quantized copy: its own answers and
    // metrics, and how far it is from the float model just evaluated.
    std::map<std::string, std::string> reference_answers;
    for (const auto& a : result.answers)
        reference_answers[answer_key(a)] = a.generated;
    const std::vector<SampleRecord> answered(
        samples.begin(), samples.begin() + std::min<int64_t>(eval.max_samples, samples.size()));
    for (const auto& c : compared) {
        if (result.cancelled)
            break;
        log("comparing " + c.name() + " weights with float32");
        const auto other = load_model(options, device, c);
        LlamaTrainForward other_forward(other->llm(), /*lora=*/nullptr);
        EvalWeightsComparison cmp;
        cmp.weights = c.name();
        cmp.llm_weight_bytes = model::quant::llm_weight_bytes(*other->llm());
        EvalOutcome o;
        try {
            o = evaluate(*other, other_forward, samples, make_loader_options(plan, tokenizer),
                         eval);
            const auto agreement = compare_answer_tokens(*model, forward, other_forward, answered,
                                                         make_loader_options(plan, tokenizer),
                                                         eval.autocast, callbacks.cancel);
            cmp.positions = agreement.positions;
            if (agreement.positions > 0) {
                cmp.top1_agreement = double(agreement.same_top1) / double(agreement.positions);
                cmp.mean_kl = agreement.kl_sum / double(agreement.positions);
            }
            cmp.max_kl = agreement.kl_max;
        } catch (const c10::Error& e) {
            throw Error(
                "evaluation with " + c.name() + " weights failed: " + e.what_without_backtrace(),
                options.checkpoint, "check the data and --device");
        }
        cmp.metrics = std::move(o.metrics);
        cmp.loss = o.loss;
        cmp.loss_tokens = o.loss_tokens;
        cmp.answers = std::move(o.answers);
        for (const auto& a : cmp.answers) {
            const auto it = reference_answers.find(answer_key(a));
            if (it == reference_answers.end())
                continue;
            ++cmp.compared_answers;
            cmp.identical_answers += it->second == a.generated ? 1 : 0;
        }
        result.cancelled = result.cancelled || o.cancelled;
        result.comparisons.push_back(std::move(cmp));
    }
    return result;
}

}  // namespace facellava::training
