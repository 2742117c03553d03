#include "jobs/trainer_event.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include "facellava/training/progress_json.h"

namespace facellava::ui {
namespace {

QString tr_event(const char* text) {
    return QCoreApplication::translate("facellava::ui::TrainerEvent", text);
}

// Reads the fields of one event; the first field of a wrong type is named.
class Fields {
  public:
    explicit Fields(const QJsonObject& object) : o_(object) {}

    qint64 integer(const char* key) {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble())))
            return bad(key, QT_TRANSLATE_NOOP("facellava::ui::TrainerEvent", "a whole number")), 0;
        return qint64(v.toDouble());
    }
    double number(const char* key) {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (!v.isDouble())
            return bad(key, QT_TRANSLATE_NOOP("facellava::ui::TrainerEvent", "a number")), 0.0;
        return v.toDouble();
    }
    // JSON null: a value that was not finite (NaN loss).
    std::optional<double> numberOrNull(const char* key) {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (v.isNull())
            return std::nullopt;
        return number(key);
    }
    QString text(const char* key) {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (!v.isString())
            return bad(key, QT_TRANSLATE_NOOP("facellava::ui::TrainerEvent", "a string")),
                   QString();
        return v.toString();
    }
    QString textOrNull(const char* key) {
        return o_.value(QLatin1String(key)).isNull() ? QString() : text(key);
    }
    QJsonObject object(const char* key) {
        const QJsonValue v = o_.value(QLatin1String(key));
        if (!v.isObject())
            return bad(key, QT_TRANSLATE_NOOP("facellava::ui::TrainerEvent", "an object")),
                   QJsonObject();
        return v.toObject();
    }
    const QString& problem() const { return problem_; }

  private:
    void bad(const char* key, const char* type) {
        if (problem_.isEmpty())
            problem_ = tr_event("field \"%1\" is not %2").arg(QLatin1String(key), tr_event(type));
    }
    QJsonObject o_;
    QString problem_;
};

}  // namespace

TrainerLine read_trainer_line(const QByteArray& line, qint64 line_number) {
    TrainerLine out;
    auto problem = [&](const QString& what) {
        out.problem = tr_event("The trainer's progress line %1 cannot be read (%2): %3")
                          .arg(line_number)
                          .arg(what, QString::fromUtf8(line.left(200)));
        return out;
    };
    QJsonParseError parse_error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parse_error);
    if (parse_error.error != QJsonParseError::NoError)
        return problem(parse_error.errorString());
    if (!doc.isObject())
        return problem(tr_event("not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("schema")).toString() != QLatin1String(training::kProgressSchema))
        return problem(
            tr_event("not of the schema %1").arg(QLatin1String(training::kProgressSchema)));

    Fields f(o);
    TrainerEvent e;
    const QString event = f.text("event");
    e.rank = int(f.integer("rank"));
    if (event == QLatin1String("start")) {
        e.kind = TrainerEvent::Kind::Start;
        e.world_size = int(f.integer("world_size"));
        e.output_dir = f.text("output_dir");
    } else if (event == QLatin1String("status")) {
        e.kind = TrainerEvent::Kind::Status;
        e.phase = f.text("phase");
        e.step = f.integer("step");
        e.message = f.text("message");
    } else if (event == QLatin1String("epoch")) {
        e.kind = TrainerEvent::Kind::Epoch;
        e.epoch = f.integer("epoch");
        e.step = f.integer("step");
    } else if (event == QLatin1String("step")) {
        e.kind = TrainerEvent::Kind::Step;
        e.step = f.integer("step");
        e.total_steps = f.integer("total_steps");
        e.epoch = f.integer("epoch");
        e.loss = f.numberOrNull("loss");
        e.lr = f.number("lr");
        e.tokens_per_s = f.number("tokens_per_s");
        e.memory_bytes = f.integer("memory_bytes");
        e.elapsed_s = f.number("elapsed_s");
        e.eta_s = f.number("eta_s");
    } else if (event == QLatin1String("eval")) {
        e.kind = TrainerEvent::Kind::Eval;
        e.step = f.integer("step");
        e.eval_loss = f.numberOrNull("eval_loss");
        const QJsonObject metrics = f.object("metrics");
        for (auto it = metrics.begin(); it != metrics.end(); ++it) {
            if (it.value().isDouble())
                e.metrics.insert(it.key(), it.value().toDouble());
        }
    } else if (event == QLatin1String("checkpoint")) {
        e.kind = TrainerEvent::Kind::Checkpoint;
        e.step = f.integer("step");
        e.path = f.text("path");
        e.reason = f.text("reason");
    } else if (event == QLatin1String("done")) {
        e.kind = TrainerEvent::Kind::Done;
        e.outcome = f.text("outcome");
        e.steps_done = f.integer("steps_done");
        e.total_steps = f.integer("total_steps");
        e.loss = f.numberOrNull("final_loss");
        e.checkpoint = f.textOrNull("checkpoint");
        e.model_dir = f.textOrNull("model_dir");
        if (f.problem().isEmpty() && e.outcome != QLatin1String("finished") &&
            e.outcome != QLatin1String("cancelled"))
            return problem(tr_event("unknown outcome \"%1\"").arg(e.outcome));
    } else if (event == QLatin1String("error")) {
        e.kind = TrainerEvent::Kind::Error;
        e.outcome = f.text("outcome");
        e.step = f.integer("step");
        Fields error(f.object("error"));
        e.error_message = error.text("message");
        e.error_path = error.text("path");
        e.error_hint = error.text("hint");
        if (!error.problem().isEmpty())
            return problem(QStringLiteral("error: ") + error.problem());
    } else {
        return out;  // an event this version does not know: ignored
    }
    if (!f.problem().isEmpty())
        return problem(QStringLiteral("%1: %2").arg(event, f.problem()));
    out.event = e;
    return out;
}

}  // namespace facellava::ui
