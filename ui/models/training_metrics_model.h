// The trainer's metrics.jsonl as the Training dialog shows it.
//
// MetricsTail parses the file incrementally: bytes are fed as they are
// appended, only complete lines are parsed, a partly written last line waits
// for the rest, and a malformed line is reported (with its line number) and
// skipped, never fatal. Lines are {"step", "epoch", "loss", "lr",
// "grad_norm", "tokens_per_s", "memory_bytes", "elapsed_s", "eta_s"} for
// training, {"step", "eval_loss", "eval": {...}} for evaluations; a "rank"
// field (multi-process runs) is kept.
//
// TrainingMetricsModel is a table of the training lines (a row per logged
// step) plus the evaluation points, fed by polling the file on a worker
// thread: the GUI thread only appends parsed rows. A file replaced by the
// trainer (a fresh or resumed run rewrites it) is read again from the start,
// and a step at or below the last one shown replaces the rows from there on,
// so a resumed run never draws duplicates.
#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <optional>

namespace facellava::ui {

struct TrainingPoint {
    qint64 step = 0;
    qint64 epoch = 0;
    double loss = 0;
    double lr = 0;
    double grad_norm = 0;
    double tokens_per_s = 0;
    qint64 memory_bytes = 0;
    double elapsed_s = 0;
    double eta_s = 0;
    int rank = -1;  // -1: not given
};

struct EvalPoint {
    qint64 step = 0;
    std::optional<double> eval_loss;
    QMap<QString, double> metrics;  // "<task>/<metric>" → value
};

struct MetricsBatch {
    QVector<TrainingPoint> train;
    QVector<EvalPoint> eval;
    QStringList problems;  // "metrics.jsonl line 7: …"
};

class MetricsTail {
  public:
    // Parses the complete lines of `bytes` (appended to what came before).
    MetricsBatch feed(const QByteArray& bytes);
    void reset();
    qint64 linesSeen() const { return line_; }
    qint64 pendingBytes() const { return partial_.size(); }

  private:
    QByteArray partial_;
    qint64 line_ = 0;
};

// Where the file is and which version of it (device + inode): a file
// replaced by rename is a new version.
struct MetricsFileIdentity {
    quint64 device = 0;
    quint64 inode = 0;
    bool exists = false;
    bool operator==(const MetricsFileIdentity& o) const {
        return exists == o.exists && device == o.device && inode == o.inode;
    }
    bool operator!=(const MetricsFileIdentity& o) const { return !(*this == o); }
    static MetricsFileIdentity of(const QString& path);
};

class TrainingMetricsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Step, Loss, LearningRate, GradNorm, TokensPerSecond, Memory, Eta, ColumnCount };

    explicit TrainingMetricsModel(QObject* parent = nullptr);
    ~TrainingMetricsModel() override;

    // Follows `path` as a run appends to it (polling every `interval_ms`).
    // With ignore_current_file, the version of the file there now (an
    // earlier run's) is not shown: the run about to start replaces it.
    void follow(const QString& path, bool ignore_current_file, int interval_ms = 300);
    // Reads `path` once (a past run); emits loaded() when done.
    void load(const QString& path);
    // Stops following after one last read (the run ended).
    void finish();
    void clear();
    bool isFollowing() const { return following_; }
    QString path() const { return path_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QVector<TrainingPoint>& trainingPoints() const { return train_; }
    const QVector<EvalPoint>& evalPoints() const { return eval_; }
    std::optional<TrainingPoint> last() const;
    QStringList problems() const { return problems_; }

    // Applies parsed lines (what the poller does; public for tests).
    void append(const MetricsBatch& batch);

  signals:
    void evalPointsChanged();  // appended or replaced
    void problemFound(const QString& problem);
    void loaded();  // a load() or the last read of finish() completed

  private:
    struct ReadResult {
        MetricsFileIdentity identity;
        qint64 offset = 0;
        MetricsTail tail;
        MetricsBatch batch;
        bool restarted = false;  // the file was replaced or shrank: read from the start
        bool more = false;       // the file holds more than this read took
        QString error;
    };
    void poll();
    void onRead();
    void truncateFrom(qint64 step);

    QVector<TrainingPoint> train_;
    QVector<EvalPoint> eval_;
    QStringList problems_;
    QString path_;
    MetricsTail tail_;
    MetricsFileIdentity identity_;
    MetricsFileIdentity ignored_;
    qint64 offset_ = 0;
    bool following_ = false;
    bool final_read_ = false;
    bool reread_ = false;  // poll again right after the read in flight
    int generation_ = 0;   // reads started before clear() are dropped
    QTimer timer_;
    QFutureWatcher<ReadResult> watcher_;
    int read_generation_ = 0;
};

}  // namespace facellava::ui
