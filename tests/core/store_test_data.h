// Shared by the store tests: a session with one row of every kind, and a
// table dump to compare two session files row by row.
#pragma once

#include <sqlite3.h>

#include <fstream>
#include <map>
#include <string>

#include "facellava/core/store/session_store.h"

namespace facellava::store::testdata {

struct Ids {
    Id session = 0;
    Id media = 0;
    Id track = 0;
    Id range_annotation = 0;
    Id face_annotation = 0;
    Id frame_annotation = 0;
    Id conversation = 0;
};

inline Landmarks68 landmarks(float offset) {
    Landmarks68 l;
    for (int i = 0; i < 136; ++i)
        l.xy[size_t(i)] = offset + float(i) * 0.5f;
    return l;
}

// A media file on disk with known content, so sha256 and re-link are real.
inline std::string write_media_file(const std::string& path,
                                    const std::string& content = "not really a video") {
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

inline Ids populate(SessionStore& store, const std::string& media_path) {
    Ids ids;
    ids.session = store.sessions().create("study 1", "pilot");
    MediaRecord m = MediaRepository::describe_file(media_path, MediaKind::Video);
    m.session_id = ids.session;
    m.fps = 25;
    m.frames = 100;
    m.width = 640;
    m.height = 480;
    ids.media = store.media().add(m);
    ids.track = store.faces().add_track(ids.media, 0, "Alice");
    std::vector<FaceObservation> observations;
    for (int frame = 0; frame < 3; ++frame) {
        FaceObservation o;
        o.track_id = ids.track;
        o.frame = frame;
        o.timestamp = frame / 25.0;
        o.box = {10.f + frame, 20.f, 100.f, 120.f, 0.9f};
        o.landmarks = landmarks(float(frame));
        o.detector = "dlib-hog";
        observations.push_back(o);
    }
    store.faces().add_observations(observations);

    Prediction p;
    p.media_id = ids.media;
    p.track_id = ids.track;
    p.frame = 1;
    p.task = "expression";
    p.value = "happiness";
    p.probabilities_json = R"({"happiness":0.8,"neutral":0.2})";
    p.model_id = "face-llava-7b";
    p.checkpoint_sha256 = std::string(64, 'a');
    store.predictions().add(p);

    Annotation range;
    range.media_id = ids.media;
    range.target = AnnotationTarget::Range;
    range.start_ms = 1000;
    range.end_ms = 2500;
    range.tier = "smile";
    range.label = "smiling, \"big\" <laugh> & more";
    range.author = "rater1";
    ids.range_annotation = store.annotations().add(range).id();

    Annotation face;
    face.media_id = ids.media;
    face.target = AnnotationTarget::Face;
    face.track_id = ids.track;
    face.frame = 1;
    face.label = "eyes closed";
    face.author = "rater1";
    ids.face_annotation = store.annotations().add(face).id();

    Annotation frame;
    frame.media_id = ids.media;
    frame.target = AnnotationTarget::Frame;
    frame.frame = 2;
    frame.label = "blurred";
    frame.author = "rater2";
    ids.frame_annotation = store.annotations().add(frame).id();

    ids.conversation = store.chat().create_conversation(ids.session, "who is this?");
    ChatMessage question;
    question.conversation_id = ids.conversation;
    question.role = ChatRole::User;
    question.text = "What expression does face 0 show?";
    question.media_id = ids.media;
    question.track_id = ids.track;
    question.frame = 1;
    question.sampling_json = R"({"temperature":0.2})";
    store.chat().add_message(question);
    ChatMessage answer = question;
    answer.role = ChatRole::Assistant;
    answer.text = "Happiness.";
    answer.timings_json = R"({"ttft_ms":420,"tokens_per_s":12.5})";
    store.chat().add_message(answer);

    BatchJob job;
    job.session_id = ids.session;
    job.kind = "analyse-folder";
    job.config_json = R"({"fps":5})";
    store.jobs().add_job(job);
    TrainingRun run;
    run.session_id = ids.session;
    run.config_json = R"({"lora_rank":8})";
    run.metrics_path = "/runs/1/metrics.jsonl";
    store.jobs().add_run(run);
    return ids;
}

// Every row of every table as text, keyed by table name.
inline std::map<std::string, std::string> dump_tables(const std::string& path) {
    std::map<std::string, std::string> dump;
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    for (const char* table :
         {"sessions", "media", "tracks", "face_observations", "predictions", "annotations",
          "conversations", "chat_messages", "batch_jobs", "training_runs"}) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, (std::string("SELECT * FROM ") + table + " ORDER BY id").c_str(), -1,
                           &st, nullptr);
        std::string rows;
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, c));
                rows += bytes ? std::string(bytes, size_t(sqlite3_column_bytes(st, c))) : "<null>";
                rows += '|';
            }
            rows += '\n';
        }
        sqlite3_finalize(st);
        dump[table] = rows;
    }
    sqlite3_close(db);
    return dump;
}

}  // namespace facellava::store::testdata
