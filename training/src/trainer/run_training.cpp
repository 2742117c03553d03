// The public entry points (training.h) over RunPlan and Trainer.
#include <nlohmann/json.hpp>

#include "distributed/dist_context.h"
#include "distributed/dist_env.h"
#include "facellava/core/error.h"
#include "facellava/training/training.h"
#include "runtime/device_choice.h"
#include "trainer/run_plan.h"
#include "trainer/trainer.h"

namespace facellava::training {
namespace {

// The ranks a run's steps are counted for: the launched group's, else the
// processes `--nproc` would start.
int planned_world_size(const TrainConfig& config) {
    if (const auto env = read_dist_env(process_env()))
        return env->world_size;
    return std::max(1, config.dist.nproc);
}

// Joins the torchrun group of this process, if any. On CUDA each rank takes
// the GPU of its LOCAL_RANK unless the config names one ("cuda:N").
std::unique_ptr<DistContext> join_group(TrainConfig& config) {
    const auto env = read_dist_env(process_env());
    if (!env)
        return nullptr;
    const torch::Device device = model::resolve_device(config.model.device);
    if (device.is_cuda() && (config.model.device == "auto" || config.model.device == "cuda"))
        config.model.device = "cuda:" + std::to_string(env->local_rank);
    DistJoinOptions options;
    options.backend = config.dist.backend;
    options.timeout_s = config.dist.timeout_s;
    options.cuda = device.is_cuda();
    options.device = model::resolve_device(config.model.device);
    return DistContext::join(*env, options);
}

}  // namespace

DryRunReport dry_run(const TrainConfig& config) {
    const RunPlan plan = plan_run(
        config, [](const std::string&) {}, planned_world_size(config));
    DryRunReport report;
    report.resolved = plan.config;
    report.resolved_json = train_config_to_json(plan.config);
    report.train = plan.train.stats;
    report.eval = plan.eval.stats;
    report.samples_per_epoch = plan.samples_per_epoch;
    report.world_size = plan.world_size;
    report.global_batch = plan.global_batch * plan.config.optim.grad_accumulation;
    report.steps_per_epoch = plan.steps_per_epoch;
    report.total_steps = plan.total_steps;
    report.warmup_steps = plan.warmup_steps;
    report.visual_tokens_per_image = plan.tokens_per_image;
    report.visual_tokens_per_video = plan.tokens_per_frame * plan.config.data.num_frames;
    return report;
}

TrainResult run_training(const TrainConfig& input, const TrainCallbacks& callbacks) {
    auto log = callbacks.on_log ? callbacks.on_log : [](const std::string&) {};
    TrainProgress preparing;
    preparing.message = "reading and checking the data";
    if (callbacks.on_progress)
        callbacks.on_progress(preparing);
    validate_train_config(input);
    TrainConfig config = input;
    std::unique_ptr<DistContext> dist = join_group(config);
    RunPlan plan = plan_run(config, log, dist ? dist->world_size() : 1);
    Trainer trainer(std::move(plan), callbacks, std::move(dist));
    try {
        trainer.prepare();
    } catch (const c10::Error& e) {
        throw Error(
            std::string("could not prepare the training run: ") + e.what_without_backtrace(),
            config.model.checkpoint, "check the checkpoint and the device settings");
    }
    return trainer.run();
}

}  // namespace facellava::training
