#include "models/training_checkpoints.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace facellava::ui {

QVector<TrainingCheckpoint> list_training_checkpoints(const QString& output_dir) {
    QVector<TrainingCheckpoint> out;
    if (output_dir.isEmpty())
        return out;
    const QDir root(QDir(output_dir).filePath(QStringLiteral("checkpoints")));
    if (!root.exists())
        return out;
    QString latest;
    QFile latest_file(root.filePath(QStringLiteral("latest")));
    if (latest_file.open(QIODevice::ReadOnly))
        latest = QString::fromUtf8(latest_file.readAll()).trimmed();
    const auto names =
        root.entryList({QStringLiteral("step-*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& name : names) {
        if (name.contains(QStringLiteral(".tmp")))
            continue;
        TrainingCheckpoint c;
        c.dir = root.filePath(name);
        c.latest = name == latest;
        c.step = name.mid(5).toLongLong();
        for (const char* f :
             {"trainable.safetensors", "optimizer.pt", "rng.safetensors", "trainer_state.json"})
            c.complete = c.complete && QFileInfo::exists(QDir(c.dir).filePath(QLatin1String(f)));
        QFile state(QDir(c.dir).filePath(QStringLiteral("trainer_state.json")));
        if (state.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(state.readAll()).object();
            if (o.value(QStringLiteral("step")).isDouble())
                c.step = qint64(o.value(QStringLiteral("step")).toDouble());
            c.total_steps = qint64(o.value(QStringLiteral("total_steps")).toDouble());
            c.reason = o.value(QStringLiteral("reason")).toString();
            c.stage = o.value(QStringLiteral("stage")).toString();
            if (o.value(QStringLiteral("last_loss")).isDouble())
                c.last_loss = o.value(QStringLiteral("last_loss")).toDouble();
            if (o.isEmpty())
                c.complete = false;
        }
        out << c;
    }
    std::sort(out.begin(), out.end(), [](const TrainingCheckpoint& a, const TrainingCheckpoint& b) {
        return a.step > b.step;
    });
    return out;
}

QString final_model_dir(const QString& output_dir) {
    if (output_dir.isEmpty())
        return {};
    const QString dir = QDir(output_dir).filePath(QStringLiteral("final"));
    return QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))) ? dir : QString();
}

}  // namespace facellava::ui
