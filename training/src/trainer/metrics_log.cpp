#include "trainer/metrics_log.h"

#include <filesystem>
#include <sstream>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava::training {

MetricsLog::MetricsLog(std::string path, int64_t resume_step) : path_(std::move(path)) {
    std::string kept;
    if (resume_step >= 0 && std::filesystem::exists(path_)) {
        std::istringstream in(read_file(path_));
        std::string line;
        while (std::getline(in, line)) {
            try {
                const auto j = nlohmann::json::parse(line);
                if (j.value("step", int64_t(0)) <= resume_step)
                    kept += line + "\n";
            } catch (const nlohmann::json::exception&) {
                // A line cut by a crash: dropped.
            }
        }
    }
    write_file_atomically(path_, kept);
    out_.open(path_, std::ios::app);
    if (!out_)
        throw Error("cannot write the metrics log", path_,
                    "check that the output folder is writable");
}

void MetricsLog::write(const nlohmann::json& line) {
    out_ << line.dump() << "\n";
    out_.flush();
}

}  // namespace facellava::training
