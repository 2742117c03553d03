// `facellava info`: what this installation can do — library versions, CUDA
// devices, and where every model asset was found (or the command that fixes it).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "facellava/core/assets.h"
#include "facellava/core/versions.h"
#include "facellava/model/runtime.h"
#include "facellava/model/tokenizer.h"
#include "json_output.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#endif

namespace facellava::cli {
namespace {

nlohmann::ordered_json library_versions() {
    nlohmann::ordered_json v;
    v["facellava"] = FACELLAVA_VERSION;
    v["libtorch"] = model::torch_version();
#ifdef FACELLAVA_QT_VERSION
    v["qt"] = FACELLAVA_QT_VERSION;
#else
    v["qt"] = "not built in";
#endif
#ifdef FACELLAVA_HAVE_MEDIA
    v["opencv"] = opencv_version();
    v["ffmpeg"] = ffmpeg_version();
    v["dlib"] = dlib_version();
#else
    v["opencv"] = v["ffmpeg"] = v["dlib"] = "not built in";
#endif
    v["sqlite"] = sqlite_version();
    v["sentencepiece"] = model::Tokenizer::library_version();
    return v;
}

int run_info(const ParsedArgs& args) {
    const bool verify = !args.flag("no-verify");
    const auto assets = AssetLocator::from_environment();
    const auto statuses = assets.check(verify);

    nlohmann::ordered_json report;
    report["versions"] = library_versions();
    nlohmann::ordered_json cuda = nlohmann::ordered_json::array();
    for (const auto& device : model::cuda_devices()) {
        cuda.push_back({{"index", device.index},
                        {"name", device.name},
                        {"memory_gib", double(device.total_memory_bytes) / double(1ull << 30)},
                        {"compute_capability", std::to_string(device.compute_major) + "." +
                                                   std::to_string(device.compute_minor)}});
    }
    report["cuda_devices"] = cuda;
    report["cpu_threads"] = model::cpu_threads();
    report["blas_threads"] = model::blas_threads();
    report["cache_dir"] = assets.cache_dir();
    report["resources_dir"] = assets.resources_dir();
    report["spm_shim"] = model::Tokenizer::shim_path();
    nlohmann::ordered_json asset_list = nlohmann::ordered_json::array();
    bool all_ok = true;
    for (const auto& s : statuses) {
        all_ok = all_ok && s.problem.empty();
        nlohmann::ordered_json item{{"name", s.name}, {"path", s.path}, {"found", s.found}};
        if (verify && s.found)
            item["sha256_ok"] = s.verified;
        if (!s.problem.empty()) {
            item["problem"] = s.problem;
            item["fix"] = s.fix;
        }
        asset_list.push_back(item);
    }
    report["assets"] = asset_list;
    report["all_assets_ok"] = all_ok;

    if (wants_json(args)) {
        emit_json(args, report.dump(2));
    } else {
        std::cout << "Face-LLaVA Workbench " << FACELLAVA_VERSION << "\n\nLibraries:\n";
        for (const auto& [name, version] : report["versions"].items()) {
            std::cout << "  " << std::left << std::setw(14) << name << version.get<std::string>()
                      << "\n";
        }
        std::cout << "\nCompute:\n  CPU threads   " << model::cpu_threads() << "\n";
        if (model::blas_threads() > 0)
            std::cout << "  BLAS threads  " << model::blas_threads() << " (OpenBLAS)\n";
        if (cuda.empty())
            std::cout << "  CUDA          no CUDA device visible (CPU only)\n";
        for (const auto& d : cuda) {
            std::cout << "  CUDA " << d["index"].get<int>() << "        "
                      << d["name"].get<std::string>() << ", " << std::fixed << std::setprecision(1)
                      << d["memory_gib"].get<double>() << " GiB\n";
        }
        std::cout << "\nFiles:\n  resources     " << assets.resources_dir() << "\n  spm shim      "
                  << model::Tokenizer::shim_path() << "\n";
        std::cout << "\nModel assets (cache " << assets.cache_dir() << "):\n";
        for (const auto& s : statuses) {
            std::cout << "  ["
                      << (s.problem.empty() ? (verify ? "ok, sha256 verified" : "found")
                                            : s.problem)
                      << "] " << s.name << "\n      " << s.path << "\n";
            if (!s.problem.empty())
                std::cout << "      fix: " << s.fix << "\n";
        }
        std::cout << "\n"
                  << (all_ok ? "All model assets found."
                             : "Some model assets are missing: run the fix commands above.")
                  << "\n";
        // The checkpoint is not an asset (it is chosen per run): point at the
        // command that checks one, towers and all.
        std::cout << "\nTo check a Face-LLaVA checkpoint folder (where its towers come from, what "
                     "is missing): facellava checkpoint inspect DIR\n";
    }
    return all_ok ? kExitOk : kExitFailure;
}

}  // namespace

Command make_info_command() {
    CommandSpec spec("info", "Show library versions, CUDA devices and where each model asset is.",
                     "Exits 1 when an asset is missing or fails its sha256 check, printing the "
                     "command that fixes it. A checkpoint folder is checked by `facellava "
                     "checkpoint inspect DIR`.");
    spec.option(json_option("Print the report as JSON"));
    spec.option({"no-verify", "", "Skip the sha256 check of the asset files (faster)."});
    return {spec, run_info};
}

}  // namespace facellava::cli
