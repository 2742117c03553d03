// The public entry points (training.h) over RunPlan and Trainer.
#include <nlohmann/json.hpp>

#include "facellava/core/error.h"
#include "facellava/training/training.h"
#include "trainer/run_plan.h"
#include "trainer/trainer.h"

namespace facellava::training {

DryRunReport dry_run(const TrainConfig& config) {
    const RunPlan plan = plan_run(config, [](const std::string&) {});
    DryRunReport report;
    report.resolved = plan.config;
    report.resolved_json = train_config_to_json(plan.config);
    report.train = plan.train.stats;
    report.eval = plan.eval.stats;
    report.samples_per_epoch = plan.samples_per_epoch;
    report.steps_per_epoch = plan.steps_per_epoch;
    report.total_steps = plan.total_steps;
    report.warmup_steps = plan.warmup_steps;
    report.visual_tokens_per_image = plan.tokens_per_image;
    report.visual_tokens_per_video = plan.tokens_per_frame * plan.config.data.num_frames;
    return report;
}

TrainResult run_training(const TrainConfig& config, const TrainCallbacks& callbacks) {
    auto log = callbacks.on_log ? callbacks.on_log : [](const std::string&) {};
    TrainProgress preparing;
    preparing.message = "reading and checking the data";
    if (callbacks.on_progress)
        callbacks.on_progress(preparing);
    RunPlan plan = plan_run(config, log);
    Trainer trainer(std::move(plan), callbacks);
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
