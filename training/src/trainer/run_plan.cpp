#include "trainer/run_plan.h"

#include <filesystem>
#include <thread>

#include "dataset/sampling_plan.h"
#include "engine/checkpoint_paths.h"
#include "facellava/core/error.h"
#include "facellava/training/lr_schedule.h"

namespace facellava::training {
namespace fs = std::filesystem;

RunPlan plan_run(const TrainConfig& input, const std::function<void(const std::string&)>& log,
                 int world_size) {
    validate_train_config(input);
    RunPlan plan;
    plan.world_size = std::max(1, world_size);
    plan.config = input;
    TrainConfig& c = plan.config;

    const std::string config_path = (fs::path(c.model.checkpoint) / "config.json").string();
    if (!fs::exists(config_path)) {
        throw Error("config.json not found in the checkpoint folder", config_path,
                    "set model.checkpoint to a Face-LLaVA checkpoint folder");
    }
    io::Json config_json = io::read_json_file(config_path);
    const auto paths = model::resolve_checkpoint(c.model.checkpoint, config_json);
    if (!paths.image_tower.empty() && !config_json.contains("image_tower_config")) {
        if (auto t = model::tower_config(paths.image_tower))
            config_json["image_tower_config"] = *t;
    }
    if (!paths.video_tower.empty() && !config_json.contains("video_tower_config")) {
        if (auto t = model::tower_config(paths.video_tower))
            config_json["video_tower_config"] = *t;
    }
    plan.hparams = model::FaceLlavaHParams::from_json(io::JsonConfig(config_json, config_path));
    const auto& hp = plan.hparams;
    if (c.data.num_frames == 0)
        c.data.num_frames = hp.num_frames;
    if (c.data.num_frames > hp.num_frames) {
        throw Error("data.num_frames is " + std::to_string(c.data.num_frames) +
                        " but the video tower takes at most " + std::to_string(hp.num_frames),
                    config_path, "lower data.num_frames");
    }
    if (c.stage == TrainStage::Landmarks && !hp.has_landmark_modules) {
        throw Error("stage 'landmarks' trains the landmark modules, but this model has none",
                    config_path,
                    "add \"landmarks_projector_type\": \"landmarks_region_projector\" (and "
                    "\"cross_attn_type\") to "
                    "config.json to create them, or pick stage full/lora");
    }
    if (hp.image_tower) {
        plan.tokens_per_image = hp.image_tower->tokens_per_image(hp.select);
        plan.image_size = hp.image_tower->image_size();
    }
    if (hp.video_tower) {
        plan.tokens_per_frame = hp.video_tower->grid() * hp.video_tower->grid() + 1;
        plan.video_size = hp.video_tower->image_size;
    }

    CatalogOptions options;
    options.reader.image_root = c.data.image_root;
    options.reader.video_root = c.data.video_root;
    options.reader.num_frames = c.data.num_frames;
    options.reader.video_frame_separator = c.data.video_frame_separator;
    options.reader.max_depth = c.data.json_max_depth;
    options.reader.max_string_bytes = c.data.json_max_string_bytes;
    options.reader.max_file_bytes = c.data.json_max_file_bytes;
    options.check_media = c.data.check_media;
    options.threads = std::max(1, c.data.num_workers);
    options.policy = c.data.on_bad_sample;
    options.task_weights = c.data.task_weights;

    plan.train = build_catalog(c.data.train_files, options);
    if (!c.data.eval_files.empty()) {
        plan.eval = build_catalog(c.data.eval_files, options);
    } else if (c.data.eval_fraction > 0) {
        const auto [train_idx, eval_idx] =
            split_holdout(int64_t(plan.train.samples.size()), c.data.eval_fraction, c.seed);
        std::vector<SampleRecord> train, eval;
        for (int64_t i : train_idx)
            train.push_back(std::move(plan.train.samples[size_t(i)]));
        for (int64_t i : eval_idx)
            eval.push_back(std::move(plan.train.samples[size_t(i)]));
        plan.train.samples = std::move(train);
        plan.eval.samples = std::move(eval);
        plan.eval.stats.usable = int64_t(plan.eval.samples.size());
        plan.eval.stats.entries = plan.eval.stats.usable;
        plan.train.stats.usable = int64_t(plan.train.samples.size());
        std::map<std::string, int64_t> bad;
        for (const auto& t : plan.train.stats.tasks)
            bad[t.task] = t.bad;
        plan.train.stats.tasks = count_tasks(plan.train.samples, c.data.task_weights, bad);
        plan.eval.stats.tasks = count_tasks(plan.eval.samples, c.data.task_weights, {});
    }
    for (const auto& issue : plan.train.stats.issues)
        log("skipped " + issue.describe());
    for (const auto& issue : plan.eval.stats.issues)
        log("skipped (eval) " + issue.describe());
    if (plan.train.samples.empty()) {
        throw Error("no usable training sample", c.data.train_files.front(),
                    "check the data files and roots (dry run lists every problem)");
    }
    for (const auto& s : plan.train.samples) {
        if (s.media == SampleMedia::Image && !hp.image_tower) {
            throw Error("the data has images but the model has no image tower", s.file,
                        "use a checkpoint with an image tower");
        }
        if (s.media == SampleMedia::Video && !hp.video_tower) {
            throw Error("the data has videos but the model has no video tower", s.file,
                        "use a checkpoint with a video tower");
        }
    }

    for (const auto& s : plan.train.samples)
        plan.sample_tasks.push_back(s.task);
    plan.samples_per_epoch = epoch_sample_count(plan.sample_tasks, c.data.task_weights);
    if (plan.samples_per_epoch == 0) {
        throw Error("the task weights leave no sample to train on", "",
                    "raise data.task_weights above 0 for some task");
    }
    plan.global_batch = c.optim.batch_size * plan.world_size;
    plan.batches_per_epoch = (plan.samples_per_epoch + plan.global_batch - 1) / plan.global_batch;
    plan.steps_per_epoch =
        (plan.batches_per_epoch + c.optim.grad_accumulation - 1) / c.optim.grad_accumulation;
    plan.total_steps =
        c.optim.max_steps > 0 ? c.optim.max_steps : c.optim.epochs * plan.steps_per_epoch;
    plan.warmup_steps = c.optim.warmup_steps >= 0
                            ? c.optim.warmup_steps
                            : warmup_steps_for_ratio(plan.total_steps, c.optim.warmup_ratio);
    return plan;
}

}  // namespace facellava::training
