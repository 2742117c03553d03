// One line of `facellava train --progress jsonl` (schema "facellava.train/1",
// facellava/training/progress_json.h, docs/TRAINING.md "Progress as JSON
// lines") read into a typed event. The reader trusts nothing: a line that is
// not a JSON object of this schema is a problem with its line number, an
// event this version does not know is ignored (newer trainers may add some),
// a known event with a field of the wrong type is a problem naming the field.
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

namespace facellava::ui {

struct TrainerEvent {
    enum class Kind { Start, Status, Epoch, Step, Eval, Checkpoint, Done, Error };
    Kind kind = Kind::Status;
    int rank = 0;  // -1: the launcher of an `--nproc` run

    // start
    int world_size = 1;
    QString output_dir;
    // status
    QString phase;
    QString message;
    // step (and the step of status, epoch, eval, checkpoint, error)
    qint64 step = 0;
    qint64 total_steps = 0;
    qint64 epoch = 0;
    std::optional<double> loss;
    double lr = 0;
    double tokens_per_s = 0;
    qint64 memory_bytes = 0;
    double elapsed_s = 0;
    double eta_s = 0;
    // eval
    std::optional<double> eval_loss;
    QMap<QString, double> metrics;
    // checkpoint
    QString path;
    QString reason;
    // done / error
    QString outcome;  // finished, cancelled (done); failed (error)
    qint64 steps_done = 0;
    QString checkpoint;  // done: the last checkpoint ("" when none)
    QString model_dir;   // done: the loadable model ("" when none)
    QString error_message;
    QString error_path;
    QString error_hint;

    // The process that owns the run's outcome: rank 0 or the launcher.
    bool ownsOutcome() const { return rank <= 0; }
    bool isTerminal() const { return kind == Kind::Done || kind == Kind::Error; }
};

struct TrainerLine {
    std::optional<TrainerEvent> event;  // empty: ignored, or a problem
    QString problem;                    // why the line could not be read ("" when fine)
};

// `line_number` (1-based) only names the line in a problem.
TrainerLine read_trainer_line(const QByteArray& line, qint64 line_number);

}  // namespace facellava::ui
