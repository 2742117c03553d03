// `facellava session list|show|export|import|check`: inspect, move and verify
// session files without the GUI. Every subcommand reads through the store's
// public API; only export/import and `check --relink` write anything.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "command.h"
#include "facellava/core/error.h"
#include "json_output.h"
#include "output_conventions_cli.h"
#ifdef FACELLAVA_HAVE_SQLITE
#include "facellava/core/store/annotation_export.h"
#include "facellava/core/store/session_export.h"
#include "facellava/core/store/session_store.h"
#endif
#if defined(FACELLAVA_HAVE_SQLITE) && defined(FACELLAVA_HAVE_MEDIA)
#include "session_faces_csv.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_SQLITE
namespace fs = std::filesystem;
using store::OpenOptions;
using store::SessionStore;

// Arguments after the subcommand name; throws UsageError when too few or many.
std::vector<std::string> operands(const ParsedArgs& args, size_t min, size_t max,
                                  const char* usage) {
    std::vector<std::string> rest(args.positionals().begin() + 1, args.positionals().end());
    if (rest.size() < min || rest.size() > max)
        throw UsageError(std::string("usage: facellava session ") + usage);
    return rest;
}

SessionStore open_read_only(const std::string& path) {
    OpenOptions options;
    options.read_only = true;
    return SessionStore(path, options);
}

nlohmann::ordered_json summary(SessionStore& store) {
    nlohmann::ordered_json j;
    j["path"] = store.path();
    j["schema_version"] = store.schema_version();
    j["counts"] = store.row_counts();
    j["sessions"] = nlohmann::ordered_json::array();
    for (const auto& s : store.sessions().list()) {
        j["sessions"].push_back({{"id", s.id}, {"name", s.name}, {"created_at", s.created_at}});
    }
    return j;
}

bool looks_like_session_file(const fs::path& path) {
    const std::string ext = path.extension().string();
    return ext == ".sqlite" || ext == ".facellava" || ext == ".db";
}

int run_list(const ParsedArgs& args) {
    const auto rest = operands(args, 1, 1, "list FOLDER|FILE");
    std::vector<std::string> files;
    if (fs::is_directory(rest[0])) {
        for (const auto& entry : fs::directory_iterator(rest[0])) {
            if (entry.is_regular_file() && looks_like_session_file(entry.path()))
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(rest[0]);
    }
    nlohmann::ordered_json report = nlohmann::ordered_json::array();
    for (const auto& file : files) {
        try {
            SessionStore store = open_read_only(file);
            report.push_back(summary(store));
        } catch (const Error& e) {
            report.push_back({{"path", file}, {"error", e.what()}});
        }
    }
    if (wants_json(args)) {
        emit_json(args, report.dump(2));
        return kExitOk;
    }
    if (report.empty())
        std::cout << "No session files (*.sqlite, *.facellava, *.db) in " << rest[0] << "\n";
    for (const auto& item : report) {
        std::cout << item["path"].get<std::string>() << "\n";
        if (item.contains("error")) {
            std::cout << "  cannot read: " << item["error"].get<std::string>() << "\n";
            continue;
        }
        for (const auto& s : item["sessions"]) {
            std::cout << "  #" << s["id"].get<int64_t>() << "  " << s["name"].get<std::string>()
                      << "  (created " << s["created_at"].get<std::string>() << ")\n";
        }
        std::cout << "  " << item["counts"]["media"].get<int64_t>() << " media, "
                  << item["counts"]["annotations"].get<int64_t>() << " annotations, "
                  << item["counts"]["face_observations"].get<int64_t>() << " face observations\n";
    }
    return kExitOk;
}

int run_show(const ParsedArgs& args) {
    const auto rest = operands(args, 1, 1, "show FILE");
    SessionStore store = open_read_only(rest[0]);
    nlohmann::ordered_json report = summary(store);
    report["media"] = nlohmann::ordered_json::array();
    for (const auto& m : store.media().list_all()) {
        std::error_code ec;
        report["media"].push_back({{"id", m.id},
                                   {"session_id", m.session_id},
                                   {"kind", store::to_string(m.kind)},
                                   {"path", m.path},
                                   {"found", fs::is_regular_file(m.path, ec)},
                                   {"sha256", m.sha256},
                                   {"frames", m.frames},
                                   {"fps", m.fps}});
    }
    if (wants_json(args)) {
        emit_json(args, report.dump(2));
        return kExitOk;
    }
    std::cout << "Session file " << store.path() << " (schema version " << store.schema_version()
              << ")\n\n";
    for (const auto& s : report["sessions"]) {
        std::cout << "Session #" << s["id"].get<int64_t>() << ": " << s["name"].get<std::string>()
                  << "\n";
    }
    std::cout << "\nRows:\n";
    for (const auto& [table, count] : report["counts"].items()) {
        std::cout << "  " << std::left << std::setw(20) << table << count.get<int64_t>() << "\n";
    }
    std::cout << "\nMedia:\n";
    for (const auto& m : report["media"]) {
        std::cout << "  #" << m["id"].get<int64_t>() << " " << m["kind"].get<std::string>() << "  "
                  << m["path"].get<std::string>() << (m["found"].get<bool>() ? "" : "  [missing]")
                  << "\n";
    }
    return kExitOk;
}

int run_export(const ParsedArgs& args) {
    const auto rest =
        operands(args, 2, 2,
                 "export FILE OUT [--format session|csv|json|tsv|eaf|coco|faces-csv] [--media ID]");
    SessionStore store = open_read_only(rest[0]);
    const std::string format = args.value("format");
    if (format != "faces-csv" && (args.has("frame-base") || args.has("expression-names")))
        throw UsageError("--frame-base and --expression-names apply to --format faces-csv only");
    if (format == "session") {
        if (args.has("media"))
            throw UsageError("--media applies to annotation exports only");
        const auto manifest = store::export_session(store, rest[1]);
        std::cout << "Exported " << store.path() << " to " << rest[1] << " ("
                  << manifest.counts.at("annotations") << " annotations, " << manifest.media.size()
                  << " media; media files are not copied)\n";
        return kExitOk;
    }
    std::optional<store::Id> media;
    if (args.has("media"))
        media = args.int_value("media");
    if (format == "faces-csv") {  // the faces, not the annotations: batch's faces.csv rows
#ifdef FACELLAVA_HAVE_MEDIA
        const int64_t rows =
            export_session_faces_csv(store, rest[1], media, output_conventions_from(args));
        std::cout << "Wrote " << rows << " faces.csv rows to " << rest[1] << "\n";
        return kExitOk;
#else
        throw Error("faces-csv needs a build with the media libraries (FFmpeg, OpenCV)");
#endif
    }
    const auto annotation_format = store::annotation_format_from_name(format);
    store::export_annotations(store, annotation_format, rest[1], media);
    std::cout << "Wrote " << format << " annotations to " << rest[1] << "\n";
    return kExitOk;
}

int run_import(const ParsedArgs& args) {
    const auto rest = operands(args, 2, 2, "import FOLDER FILE");
    const auto manifest = store::import_session(rest[0], rest[1]);
    std::cout << "Imported " << rest[0] << " as " << rest[1] << " (schema version "
              << manifest.schema_version << ", every row count matches the manifest)\n";
    SessionStore store = open_read_only(rest[1]);
    const auto missing = store.media().missing();
    if (!missing.empty()) {
        std::cout << missing.size()
                  << " media file(s) are not where they were on the exporting machine; run\n"
                  << "  facellava session check " << rest[1]
                  << " --relink FOLDER\nto find them by content.\n";
    }
    return kExitOk;
}

int run_check(const ParsedArgs& args) {
    const auto rest = operands(args, 1, 1, "check FILE [--relink FOLDER]...");
    const auto folders = args.values("relink");
    if (!folders.empty()) {
        SessionStore store(rest[0], [] {
            OpenOptions options;
            options.create = false;
            return options;
        }());
        for (const auto& r : store.media().relink_missing(folders)) {
            std::cout << "media #" << r.media_id << ": "
                      << (r.new_path.empty() ? "not found (" + r.old_path + ")"
                                             : "re-linked to " + r.new_path)
                      << "\n";
        }
    }
    SessionStore store = open_read_only(rest[0]);
    const store::CheckReport report = store.check();
    if (wants_json(args)) {
        emit_json(args, nlohmann::ordered_json{{"path", store.path()},
                                               {"ok", report.ok()},
                                               {"errors", report.errors},
                                               {"warnings", report.warnings}}
                            .dump(2));
    } else {
        for (const auto& e : report.errors)
            std::cout << "error: " << e << "\n";
        for (const auto& w : report.warnings)
            std::cout << "warning: " << w << "\n";
        std::cout << (report.ok() ? "ok: " : "FAILED: ") << store.path() << " ("
                  << "integrity, foreign keys and consistency checks; " << report.errors.size()
                  << " error(s), " << report.warnings.size() << " warning(s))\n";
        if (!report.ok()) {
            std::cout << "Restore the last export with `facellava session import`, or copy the "
                         "file before "
                         "editing it further.\n";
        }
    }
    return report.ok() ? kExitOk : kExitFailure;
}

int run_session(const ParsedArgs& args) {
    const std::string sub = args.positionals().front();
    if (sub == "list")
        return run_list(args);
    if (sub == "show")
        return run_show(args);
    if (sub == "export")
        return run_export(args);
    if (sub == "import")
        return run_import(args);
    if (sub == "check")
        return run_check(args);
    throw UsageError("unknown session subcommand '" + sub +
                     "' (expected list, show, export, import or check)");
}
#else
int run_session(const ParsedArgs&) {
    throw Error("sessions are not available in this build (built without SQLite)", {},
                "rebuild with the SQLite development package installed");
}
#endif

}  // namespace

Command make_session_command() {
    CommandSpec spec(
        "session", "List, inspect, export, import and check session files.",
        "Subcommands:\n"
        "  list FOLDER|FILE      session files in a folder (or the sessions in one file)\n"
        "  show FILE             schema version, row counts, sessions and media\n"
        "  export FILE OUT       a session folder (snapshot + manifest.json), or with\n"
        "                        --format csv|json|tsv|eaf|coco an annotation file\n"
        "                        (coco: video frames as images/*.jpg beside it; eaf:\n"
        "                        expression and pose as a linked time series),\n"
        "                        --format faces-csv the faces as faces.csv rows\n"
        "                        (--frame-base, --expression-names as for batch)\n"
        "                        (tsv: ELAN's tab-delimited import)\n"
        "  import FOLDER FILE    a session folder as a new session file (validated)\n"
        "  check FILE            integrity, foreign-key and consistency checks; exits 1 on errors\n"
        "Session files are opened read-only except by import and check --relink.");
    spec.positional({"subcommand", "list, show, export, import or check"});
    spec.positional({"args", "the subcommand's files and folders", false, true});
    spec.option(json_option("Print the result as JSON (list, show, check)"));
    spec.option({"format", "FORMAT", "export: session, csv, json, tsv, eaf, coco or faces-csv.",
                 "session"});
    spec.option({"media", "ID",
                 "export: only this media's annotations (required for eaf with several media).",
                 ""});
    add_output_convention_options(spec, "export --format faces-csv");
    spec.option({"relink", "FOLDER",
                 "check: first search FOLDER for missing media by sha256 and re-link them.", "",
                 true});
    return {spec, run_session};
}

}  // namespace facellava::cli
