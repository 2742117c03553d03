#include "tower_options.h"

namespace facellava::cli {

void add_tower_options(CommandSpec& spec) {
    spec.option({"image-tower", "DIR",
                 "Image tower folder (a LanguageBind_Image download: config.json + weights); "
                 "default: beside the checkpoint, embedded in it, or the Hugging Face cache "
                 "($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub)."});
    spec.option({"video-tower", "DIR",
                 "Video tower folder (a LanguageBind_Video_merge download); searched like "
                 "--image-tower when absent."});
}

model::TowerLocations towers_from(const ParsedArgs& args) {
    model::TowerLocations towers;
    towers.image_tower = args.value("image-tower");
    towers.video_tower = args.value("video-tower");
    return towers;
}

}  // namespace facellava::cli
