#include "dataset/dataset_catalog.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <thread>

#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "facellava/core/paths.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

std::string check_landmarks(const std::string& path, bool video) {
    if (!is_readable_file(path))
        return "landmarks file not found: " + path;
    NpyArray array;
    try {
        array = read_npy(path);
    } catch (const Error& e) {
        return "landmarks file unreadable: " + path + ": " + e.brief();
    }
    const auto& s = array.shape;
    const bool ok = video ? (s.size() == 3 && s[0] >= 1 && s[1] == 68 && s[2] == 2)
                          : (s.size() == 2 && s[0] == 68 && s[1] == 2);
    if (!ok) {
        return "landmarks " + path + " have shape " + shape_text(s) + ", expected " +
               (video ? "(frames, 68, 2)" : "(68, 2)") + " for " + (video ? "a video" : "an image");
    }
    for (float v : array.values) {
        if (!std::isfinite(v))
            return "landmarks " + path + " contain NaN or infinite values";
    }
    return {};
}

}  // namespace

std::string DataIssue::describe() const {
    return index >= 0 ? file + " #" + std::to_string(index) + ": " + problem
                      : file + ": " + problem;
}

std::string check_sample_files(const SampleRecord& sample) {
    for (const auto& path : sample.media_paths) {
        if (sample.media == SampleMedia::Video && is_directory(path)) {
            if (list_frame_files(path).empty())
                return "video frame folder has no images: " + path;
        } else if (!is_readable_file(path)) {
            return std::string(sample.media == SampleMedia::Video ? "video" : "image") +
                   " not found: " + path;
        }
    }
    for (const auto& path : sample.landmark_paths) {
        auto problem = check_landmarks(path, sample.media == SampleMedia::Video);
        if (!problem.empty())
            return problem;
    }
    return {};
}

void throw_data_issues(const std::vector<DataIssue>& issues, const std::string& what) {
    std::string message = what + ": " + std::to_string(issues.size()) + " bad sample(s)";
    const size_t shown = std::min<size_t>(issues.size(), 20);
    for (size_t i = 0; i < shown; ++i)
        message += "\n  " + issues[i].describe();
    if (issues.size() > shown)
        message += "\n  … and " + std::to_string(issues.size() - shown) + " more";
    throw Error(message, issues.empty() ? std::string() : issues.front().file,
                "fix or remove these entries, or set data.on_bad_sample to skip");
}

std::vector<TaskCount> count_tasks(const std::vector<SampleRecord>& samples,
                                   const std::map<std::string, double>& task_weights,
                                   const std::map<std::string, int64_t>& bad_per_task) {
    std::map<std::string, TaskCount> tasks;
    for (const auto& s : samples) {
        auto& t = tasks[s.task];
        t.task = s.task;
        ++t.samples;
        t.images += s.media == SampleMedia::Image ? 1 : 0;
        t.videos += s.media == SampleMedia::Video ? 1 : 0;
        t.text_only += s.media == SampleMedia::None ? 1 : 0;
        t.with_landmarks += s.has_landmarks() ? 1 : 0;
    }
    for (const auto& [task, bad] : bad_per_task) {
        tasks[task].task = task;
        tasks[task].bad += bad;
    }
    std::vector<TaskCount> out;
    for (auto& [task, count] : tasks) {
        const auto w = task_weights.find(task);
        count.weight = w == task_weights.end() ? 1.0 : w->second;
        out.push_back(count);
    }
    return out;
}

DatasetCatalog build_catalog(const std::vector<std::string>& files, const CatalogOptions& options) {
    DatasetCatalog catalog;
    catalog.stats.files = files;
    std::vector<DataIssue> issues;
    std::map<std::string, int64_t> bad_per_task;
    for (const auto& file : files) {
        auto read = read_face_instruct_file(file, options.reader);
        catalog.stats.entries += read.entries;
        for (auto& issue : read.issues) {
            ++bad_per_task[task_from_file_name(file)];
            issues.push_back(std::move(issue));
        }
        for (auto& s : read.samples)
            catalog.samples.push_back(std::move(s));
    }

    if (options.check_media && !catalog.samples.empty()) {
        // Existence and .npy checks are I/O bound: spread them over threads,
        // each writing only its own slots, then collect in sample order.
        std::vector<std::string> problems(catalog.samples.size());
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i = next++; i < catalog.samples.size(); i = next++)
                problems[i] = check_sample_files(catalog.samples[i]);
        };
        const int threads = std::max(1, std::min<int>(options.threads, 32));
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t)
            pool.emplace_back(work);
        work();
        for (auto& t : pool)
            t.join();
        std::vector<SampleRecord> kept;
        kept.reserve(catalog.samples.size());
        for (size_t i = 0; i < catalog.samples.size(); ++i) {
            auto& s = catalog.samples[i];
            if (problems[i].empty()) {
                kept.push_back(std::move(s));
            } else {
                ++bad_per_task[s.task];
                issues.push_back({s.file, s.index, problems[i]});
            }
        }
        catalog.samples = std::move(kept);
    }
    // Issues in file order, then entry order, so reports are stable.
    std::stable_sort(issues.begin(), issues.end(), [&](const DataIssue& a, const DataIssue& b) {
        const auto fa = std::find(files.begin(), files.end(), a.file) - files.begin();
        const auto fb = std::find(files.begin(), files.end(), b.file) - files.begin();
        return fa != fb ? fa < fb : a.index < b.index;
    });
    if (options.policy == BadSamplePolicy::Fail && !issues.empty())
        throw_data_issues(issues, "the training data has problems");

    catalog.stats.tasks = count_tasks(catalog.samples, options.task_weights, bad_per_task);
    catalog.stats.usable = int64_t(catalog.samples.size());
    catalog.stats.issues = std::move(issues);
    return catalog;
}

}  // namespace facellava::training
