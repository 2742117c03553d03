// Where the photos come from and which of them are held out for evaluation.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "facellava/core/error.h"
#include "facellava/training/demo_data.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

constexpr const char* kDlibFacesDir = "/usr/share/doc/libdlib19.1/examples/faces";
constexpr const char* kFaceApiEvalPhoto = "sample6.jpg";
constexpr size_t kFolderEvalEvery = 4;  // the 4th, 8th, … photo of a folder

bool is_photo_name(const std::string& name) {
    std::string ext = fs::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

bool excluded(const DemoDataOptions& options, const std::string& name) {
    return std::find(options.exclude.begin(), options.exclude.end(), name) != options.exclude.end();
}

// The photo paths of one source, sorted; nothing when a default one is missing.
std::vector<std::string> source_photos(const DemoSource& source, const DemoDataOptions& options,
                                       std::vector<std::string>* notes) {
    std::error_code ec;
    const bool exists = fs::exists(source.path, ec);
    if (!exists) {
        if (!source.is_default)
            throw Error("photo source not found", source.path, "check the --source path");
        if (notes)
            notes->push_back("default source " + source.path + " is missing; skipped");
        return {};
    }
    std::vector<std::string> paths;
    if (source.kind == DemoSourceKind::FaceApiDemo) {
        for (int i = 1; i <= 6; ++i)
            paths.push_back(
                (fs::path(source.path) / ("sample" + std::to_string(i) + ".jpg")).string());
    } else if (fs::is_directory(source.path, ec)) {
        for (fs::directory_iterator it(source.path, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (!name.empty() && name[0] != '.' && is_photo_name(name) && it->is_regular_file(ec))
                paths.push_back(it->path().string());
        }
        if (ec)
            throw Error("cannot list the photo folder: " + ec.message(), source.path);
    } else {
        paths.push_back(source.path);
    }
    paths.erase(std::remove_if(paths.begin(), paths.end(),
                               [&](const std::string& p) {
                                   return excluded(options, fs::path(p).filename().string());
                               }),
                paths.end());
    std::sort(paths.begin(), paths.end());
    return paths;
}

}  // namespace

std::vector<DemoSource> default_demo_sources(const AssetLocator& assets) {
    return {
        {(fs::path(assets.faceapi_root()) / "demo").string(), DemoSourceKind::FaceApiDemo, true},
        {kDlibFacesDir, DemoSourceKind::Folder, true}};
}

DemoSource demo_source_from_path(const std::string& path) {
    std::error_code ec;
    return {path, fs::is_directory(path, ec) ? DemoSourceKind::Folder : DemoSourceKind::File,
            false};
}

std::vector<DemoPhoto> discover_demo_photos(const DemoDataOptions& options,
                                            const std::vector<DemoSource>& sources,
                                            std::vector<std::string>* notes) {
    std::vector<DemoPhoto> photos;
    std::map<std::string, std::string> stems;  // stem → path, to catch collisions
    for (size_t s = 0; s < sources.size(); ++s) {
        const auto paths = source_photos(sources[s], options, notes);
        for (size_t i = 0; i < paths.size(); ++i) {
            DemoPhoto photo;
            photo.path = paths[i];
            photo.name = fs::path(paths[i]).filename().string();
            photo.stem = fs::path(paths[i]).stem().string();
            photo.source = s;
            switch (sources[s].kind) {
                case DemoSourceKind::FaceApiDemo:
                    photo.eval = photo.name == kFaceApiEvalPhoto;
                    break;
                case DemoSourceKind::Folder:
                    photo.eval = i % kFolderEvalEvery == kFolderEvalEvery - 1;
                    break;
                case DemoSourceKind::File:
                    photo.eval = false;
                    break;
            }
            const auto [it, fresh] = stems.emplace(photo.stem, photo.path);
            if (!fresh) {
                std::error_code ec1, ec2;
                if (fs::weakly_canonical(it->second, ec1) == fs::weakly_canonical(photo.path, ec2))
                    continue;  // the same file through two sources
                throw Error(
                    "two photos are named " + photo.stem + ": " + it->second + " and " + photo.path,
                    photo.path, "rename one of them or leave one source out");
            }
            photos.push_back(std::move(photo));
        }
    }
    if (!options.eval_photos.empty()) {
        std::set<std::string> wanted(options.eval_photos.begin(), options.eval_photos.end());
        std::set<std::string> matched;
        for (auto& photo : photos) {
            photo.eval = wanted.count(photo.name) || wanted.count(photo.stem);
            if (wanted.count(photo.name))
                matched.insert(photo.name);
            if (wanted.count(photo.stem))
                matched.insert(photo.stem);
        }
        for (const auto& name : wanted) {
            if (!matched.count(name))
                throw Error("eval photo " + name + " is none of the source photos", name,
                            "give a file name (or its stem) of a source photo");
        }
    }
    if (photos.empty())
        throw Error("no photos found in the sources", sources.empty() ? "" : sources.front().path,
                    "give a folder of photos with --source");
    return photos;
}

}  // namespace facellava::training
