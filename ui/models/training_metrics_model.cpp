#include "models/training_metrics_model.h"

#include <sys/stat.h>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

#include "support/thread_priority.h"
#include "support/timecode.h"

namespace facellava::ui {
namespace {

// Reads at most this much per poll, so one batch never floods the GUI thread.
constexpr qint64 kChunkBytes = qint64(4) << 20;
// A "line" longer than this without a newline is no metrics line.
constexpr qint64 kMaxLineBytes = qint64(1) << 20;

}  // namespace

MetricsBatch MetricsTail::feed(const QByteArray& bytes) {
    MetricsBatch batch;
    partial_ += bytes;
    qsizetype start = 0;
    while (true) {
        const qsizetype end = partial_.indexOf('\n', start);
        if (end < 0)
            break;
        const QByteArray line = partial_.mid(start, end - start).trimmed();
        start = end + 1;
        ++line_;
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            batch.problems << QObject::tr("metrics.jsonl line %1: not a JSON object (%2)")
                                  .arg(line_)
                                  .arg(error.error != QJsonParseError::NoError
                                           ? error.errorString()
                                           : QObject::tr("another JSON value"));
            continue;
        }
        const QJsonObject o = doc.object();
        if (!o.value(QStringLiteral("step")).isDouble()) {
            batch.problems << QObject::tr("metrics.jsonl line %1: no \"step\" number; line skipped")
                                  .arg(line_);
            continue;
        }
        const qint64 step = qint64(o.value(QStringLiteral("step")).toDouble());
        if (o.contains(QStringLiteral("eval_loss")) || o.contains(QStringLiteral("eval"))) {
            EvalPoint p;
            p.step = step;
            if (o.value(QStringLiteral("eval_loss")).isDouble())
                p.eval_loss = o.value(QStringLiteral("eval_loss")).toDouble();
            const QJsonObject metrics = o.value(QStringLiteral("eval")).toObject();
            for (auto it = metrics.begin(); it != metrics.end(); ++it) {
                if (it.value().isDouble())
                    p.metrics.insert(it.key(), it.value().toDouble());
            }
            batch.eval << p;
        } else if (o.value(QStringLiteral("loss")).isDouble()) {
            TrainingPoint p;
            p.step = step;
            p.epoch = qint64(o.value(QStringLiteral("epoch")).toDouble());
            p.loss = o.value(QStringLiteral("loss")).toDouble();
            p.lr = o.value(QStringLiteral("lr")).toDouble();
            p.grad_norm = o.value(QStringLiteral("grad_norm")).toDouble();
            p.tokens_per_s = o.value(QStringLiteral("tokens_per_s")).toDouble();
            p.memory_bytes = qint64(o.value(QStringLiteral("memory_bytes")).toDouble());
            p.elapsed_s = o.value(QStringLiteral("elapsed_s")).toDouble();
            p.eta_s = o.value(QStringLiteral("eta_s")).toDouble(-1);
            p.rank = o.value(QStringLiteral("rank")).toInt(-1);
            batch.train << p;
        }
        // Other records (future kinds) carry nothing to plot: skipped quietly.
    }
    partial_.remove(0, start);
    if (partial_.size() > kMaxLineBytes) {
        batch.problems << QObject::tr(
                              "metrics.jsonl after line %1: %2 bytes without a line end; "
                              "skipped")
                              .arg(line_)
                              .arg(partial_.size());
        partial_.clear();
    }
    return batch;
}

void MetricsTail::reset() {
    partial_.clear();
    line_ = 0;
}

MetricsFileIdentity MetricsFileIdentity::of(const QString& path) {
    MetricsFileIdentity id;
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0) {
        id.exists = true;
        id.device = quint64(st.st_dev);
        id.inode = quint64(st.st_ino);
    }
    return id;
}

TrainingMetricsModel::TrainingMetricsModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&timer_, &QTimer::timeout, this, &TrainingMetricsModel::poll);
    connect(&watcher_, &QFutureWatcher<ReadResult>::finished, this, &TrainingMetricsModel::onRead);
}

TrainingMetricsModel::~TrainingMetricsModel() {
    watcher_.waitForFinished();  // a read of at most kChunkBytes
}

void TrainingMetricsModel::clear() {
    ++generation_;
    timer_.stop();
    following_ = false;
    final_read_ = false;
    reread_ = false;
    beginResetModel();
    train_.clear();
    problems_.clear();
    endResetModel();
    eval_.clear();
    emit evalPointsChanged();
    tail_.reset();
    offset_ = 0;
    identity_ = {};
    ignored_ = {};
}

void TrainingMetricsModel::follow(const QString& path, bool ignore_current_file, int interval_ms) {
    clear();
    path_ = path;
    // Sampled here, before the trainer starts: stat() is microseconds.
    if (ignore_current_file)
        ignored_ = MetricsFileIdentity::of(path);
    following_ = true;
    timer_.start(interval_ms);
    poll();
}

void TrainingMetricsModel::load(const QString& path) {
    clear();
    path_ = path;
    final_read_ = true;
    poll();
}

void TrainingMetricsModel::finish() {
    if (!following_)
        return;
    timer_.stop();
    final_read_ = true;
    poll();
}

void TrainingMetricsModel::poll() {
    if (path_.isEmpty())
        return;
    if (watcher_.isRunning()) {
        reread_ = true;
        return;
    }
    const QString path = path_;
    const MetricsFileIdentity previous = identity_;
    const MetricsFileIdentity ignored = ignored_;
    const qint64 offset = offset_;
    const MetricsTail tail = tail_;
    read_generation_ = generation_;
    watcher_.setFuture(QtConcurrent::run([path, previous, ignored, offset, tail]() {
        lower_current_thread_priority();
        ReadResult r;
        r.identity = MetricsFileIdentity::of(path);
        r.offset = offset;
        r.tail = tail;
        if (!r.identity.exists || (ignored.exists && r.identity == ignored)) {
            r.identity = previous;  // nothing (new) to read yet
            return r;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            r.identity = previous;
            r.error = file.errorString();
            return r;
        }
        const qint64 size = file.size();
        if (r.identity != previous || size < offset) {
            r.restarted = true;
            r.offset = 0;
            r.tail.reset();
        }
        if (size > r.offset && file.seek(r.offset)) {
            const QByteArray bytes = file.read(std::min(kChunkBytes, size - r.offset));
            r.offset += bytes.size();
            r.batch = r.tail.feed(bytes);
            r.more = !bytes.isEmpty() && size > r.offset;
        }
        return r;
    }));
}

void TrainingMetricsModel::onRead() {
    ReadResult r = watcher_.result();
    if (read_generation_ != generation_) {
        // Cleared meanwhile: drop it, and start the read the new path asked for.
        if (reread_) {
            reread_ = false;
            poll();
        }
        return;
    }
    if (r.restarted) {
        beginResetModel();
        train_.clear();
        endResetModel();
        eval_.clear();
        emit evalPointsChanged();
    }
    identity_ = r.identity;
    offset_ = r.offset;
    tail_ = r.tail;
    if (!r.error.isEmpty() && !problems_.contains(r.error)) {
        const QString problem = tr("Cannot read %1: %2").arg(path_, r.error);
        problems_ << problem;
        emit problemFound(problem);
    }
    append(r.batch);
    // More to read (a long file, or lines written while reading): go on now.
    if (reread_ || r.more) {
        reread_ = false;
        poll();
        return;
    }
    if (final_read_) {
        final_read_ = false;
        following_ = false;
        emit loaded();
    }
}

void TrainingMetricsModel::truncateFrom(qint64 step) {
    int keep = train_.size();
    while (keep > 0 && train_[keep - 1].step >= step)
        --keep;
    if (keep < train_.size()) {
        beginRemoveRows({}, keep, train_.size() - 1);
        train_.resize(keep);
        endRemoveRows();
    }
}

void TrainingMetricsModel::append(const MetricsBatch& batch) {
    for (const QString& problem : batch.problems) {
        problems_ << problem;
        emit problemFound(problem);
    }
    // Rows in runs of increasing steps; a step going back (a resumed run
    // rewriting its history) replaces the rows from that step on.
    int i = 0;
    while (i < batch.train.size()) {
        if (!train_.isEmpty() && batch.train[i].step <= train_.last().step)
            truncateFrom(batch.train[i].step);
        int j = i + 1;
        while (j < batch.train.size() && batch.train[j].step > batch.train[j - 1].step)
            ++j;
        beginInsertRows({}, train_.size(), train_.size() + (j - i) - 1);
        for (int k = i; k < j; ++k)
            train_ << batch.train[k];
        endInsertRows();
        i = j;
    }
    if (!batch.eval.isEmpty()) {
        for (const EvalPoint& p : batch.eval) {
            while (!eval_.isEmpty() && eval_.last().step >= p.step)
                eval_.removeLast();
            eval_ << p;
        }
        emit evalPointsChanged();
    }
}

std::optional<TrainingPoint> TrainingMetricsModel::last() const {
    if (train_.isEmpty())
        return std::nullopt;
    return train_.last();
}

int TrainingMetricsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(train_.size());
}

int TrainingMetricsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrainingMetricsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= train_.size())
        return {};
    const TrainingPoint& p = train_[index.row()];
    if (role == Qt::UserRole) {
        switch (index.column()) {
            case Step:
                return p.step;
            case Loss:
                return p.loss;
            case LearningRate:
                return p.lr;
            case GradNorm:
                return p.grad_norm;
            case TokensPerSecond:
                return p.tokens_per_s;
            case Memory:
                return p.memory_bytes;
            case Eta:
                return p.eta_s;
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case Step:
            return p.step;
        case Loss:
            return QString::number(p.loss, 'f', 4);
        case LearningRate:
            return QString::number(p.lr, 'e', 2);
        case GradNorm:
            return QString::number(p.grad_norm, 'f', 3);
        case TokensPerSecond:
            return QString::number(p.tokens_per_s, 'f', 0);
        case Memory:
            return tr("%1 GiB").arg(double(p.memory_bytes) / double(1 << 30), 0, 'f', 2);
        case Eta:
            return format_duration(p.eta_s);
    }
    return {};
}

QVariant TrainingMetricsModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case Step:
            return tr("Step");
        case Loss:
            return tr("Loss");
        case LearningRate:
            return tr("Learning rate");
        case GradNorm:
            return tr("Grad norm");
        case TokensPerSecond:
            return tr("Tokens/s");
        case Memory:
            return tr("Memory");
        case Eta:
            return tr("ETA");
    }
    return {};
}

}  // namespace facellava::ui
