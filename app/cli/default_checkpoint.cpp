#include "default_checkpoint.h"

#include <filesystem>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"

namespace facellava::cli {

std::string default_checkpoint_dir() {
    const auto assets = AssetLocator::from_environment();
    const std::string dir = assets.resources_dir() + "/models/facellava-nano";
    if (assets.resources_dir().empty() || !std::filesystem::exists(dir + "/config.json")) {
        throw Error("no checkpoint given and the built-in demo model was not found", dir,
                    "pass --checkpoint DIR with a Face-LLaVA checkpoint folder");
    }
    return dir;
}

}  // namespace facellava::cli
