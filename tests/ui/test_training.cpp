// The Training dialog end to end: a tiny FaceInstruct dataset (images,
// landmark .npy files, one sample with a missing image, two tasks), the data
// preview and counts, the command preview checked against the real CLI
// (`--dry-run --json` resolves the same config), config save/load round trip,
// then a real run of the built `facellava` on the tiny fixture checkpoint:
// chart points and step X/Y arrive, Abort keeps a checkpoint, the run is in
// the session's history, Resume from that checkpoint finishes and "Load into
// chat" hands over the model folder. A watchdog asserts the GUI thread never
// stalls over 100 ms. Also the pieces: the metrics tail (partial and malformed
// lines), the training job fed the JSON-lines stream the real trainer wrote
// (`--progress jsonl`, recorded in the test), a truncated or corrupt stream,
// a run that fails, and the config-file fallback of the command line.
#include <unistd.h>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "dialogs/training_dialog.h"
#include "facellava/core/npy.h"
#include "facellava/training/train_config.h"
#include "jobs/trainer_event.h"
#include "jobs/training_job.h"
#include "models/session_context.h"
#include "models/train_command.h"
#include "models/training_metrics_model.h"
#include "settings/settings.h"
#include "widgets/train_config_form.h"
#include "widgets/training_charts.h"
#include "workbench_fixtures.h"

using facellava::ui::TrainingDialog;
namespace training = facellava::training;
namespace store = facellava::store;

namespace {

QString trainer_binary() {
    const QString from_env = qEnvironmentVariable("FACELLAVA_CLI");
    return from_env.isEmpty() ? QStringLiteral(FACELLAVA_UI_CLI_BINARY) : from_env;
}

// A process's nice value: field 19 of /proc/<pid>/stat, counted after the
// parenthesised command name (which may itself hold spaces).
int niceness_of(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -100;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 16 ? fields[16].toInt() : -100;
}

QJsonObject turn(bool human, const QString& text) {
    return {{"from", human ? "human" : "gpt"}, {"value", text}};
}

// images/img_N.png (32 × 32 patterns) with images/landmarks/img_N.npy, in
// expression.json (6 samples + one whose image is missing) and age.json (2).
struct TinyData {
    QString root;
    QString images;
    QStringList files;
};

TinyData make_tiny_data(const QString& root) {
    TinyData data;
    data.root = root;
    data.images = QDir(root).filePath("images");
    QDir().mkpath(QDir(data.images).filePath("landmarks"));
    const QStringList emotions = {"Happy", "Sad", "Angry", "Surprised", "Neutral", "Fearful"};
    auto write_image = [&](int i) {
        QImage image(32, 32, QImage::Format_RGB888);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                image.setPixel(x, y,
                               qRgb((x * 7 + i * 40) % 256, (y * 5 + i * 90) % 256,
                                    (x / 8 + y / 8 + i) % 3 == 0 ? 230 : 20));
        const QString name = QStringLiteral("img_%1.png").arg(i);
        if (!image.save(QDir(data.images).filePath(name)))
            qFatal("cannot write a test image");
        std::vector<float> points;
        for (int k = 0; k < 68; ++k) {
            points.push_back(float(40 + (k * 13 + i * 17) % 170));
            points.push_back(float(50 + (k * 29 + i * 11) % 160));
        }
        const QString landmarks = QStringLiteral("landmarks/img_%1.npy").arg(i);
        facellava::write_npy(QDir(data.images).filePath(landmarks).toStdString(), {68, 2}, points);
        return std::make_pair(name, landmarks);
    };
    auto write_json = [&](const QString& name, const QJsonArray& samples) {
        const QString path = QDir(root).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write a test data file");
        file.write(QJsonDocument(samples).toJson());
        data.files << path;
    };
    QJsonArray expression;
    for (int i = 0; i < 6; ++i) {
        const auto [image, landmarks] = write_image(i);
        expression.append(QJsonObject{
            {"image", image},
            {"landmarks_2d", landmarks},
            {"conversations",
             QJsonArray{turn(true, "<image>\nWhat is the facial expression?"),
                        turn(false, emotions[i] + ". The face looks " + emotions[i] + ".")}}});
    }
    expression.append(QJsonObject{
        {"image", "missing.png"},
        {"conversations", QJsonArray{turn(true, "<image>\nWhat is the facial expression?"),
                                     turn(false, "Happy.")}}});
    write_json("expression.json", expression);
    QJsonArray age;
    for (int i = 6; i < 8; ++i) {
        const auto [image, landmarks] = write_image(i);
        age.append(QJsonObject{
            {"image", image},
            {"landmarks_2d", landmarks},
            {"conversations",
             QJsonArray{turn(true, "<image>\nHow old is the person?"),
                        turn(false, QStringLiteral("About %1 years old.").arg(20 + i))}}});
    }
    write_json("age.json", age);
    return data;
}

bool contains_pair(const QStringList& args, const QString& flag, const QString& value) {
    const int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() && args[i + 1] == value;
}

nlohmann::json config_json(const training::TrainConfig& c) {
    return nlohmann::json::parse(training::train_config_to_json(c));
}

}  // namespace

class TrainingTest : public QObject {
    Q_OBJECT
  private slots:
    void metricsTailToleratesPartialAndMalformedLines() {
        facellava::ui::MetricsTail tail;
        auto batch = tail.feed(R"({"step":1,"loss":2.5,"lr":0.001,"eta_s":9}
{"step":2,"loss":2.)");
        QCOMPARE(batch.train.size(), 1);
        QCOMPARE(batch.train[0].loss, 2.5);
        QVERIFY(batch.problems.isEmpty());
        QVERIFY(tail.pendingBytes() > 0);  // the half-written line waits
        batch =
            tail.feed("25}\nnot json\n{\"step\":2,\"eval_loss\":1.5,\"eval\":{\"a/war\":0.5}}\n");
        QCOMPARE(batch.train.size(), 1);
        QCOMPARE(batch.train[0].loss, 2.25);
        QCOMPARE(batch.eval.size(), 1);
        QCOMPARE(batch.eval[0].metrics.value("a/war"), 0.5);
        QCOMPARE(batch.problems.size(), 1);
        QVERIFY2(batch.problems[0].contains("line 3"), qPrintable(batch.problems[0]));

        // A step going back (a resumed run rewriting its log) replaces rows.
        facellava::ui::TrainingMetricsModel model;
        facellava::ui::MetricsBatch rows;
        for (int step : {1, 2, 3, 2, 3})
            rows.train << facellava::ui::TrainingPoint{step, 0, double(step)};
        model.append(rows);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.trainingPoints().last().step, qint64(3));
    }

    // The settings form is generated from the trainer's field table: an
    // editor for every field, and a config with unusual values in many of
    // them comes back exactly (through the trainer's own JSON reader).
    void formHasAnEditorForEveryTrainerFieldAndRoundTrips() {
        QWidget host;
        facellava::ui::TrainConfigForm form(&host);
        for (const auto& f : training::train_config_fields()) {
            if (f.key == "checkpoint.resume_from") {
                QVERIFY(form.editor(f.key) == nullptr);  // the dialog's resume list
                continue;
            }
            QVERIFY2(form.editor(f.key) != nullptr, f.key.c_str());
        }
        training::TrainConfig c;
        c.model.device = "cuda:3";  // not in the list: typed
        c.stage = training::TrainStage::Lora;
        c.lora.target_modules = {"v_proj", "q_proj"};  // a loaded order is kept
        c.lora.alpha = 12.5;
        c.optim.learning_rate = 1.234e-5;
        c.optim.warmup_steps = -1;
        c.data.train_files = {"/d/a.json", "/d/b b.jsonl"};
        c.data.task_weights = {{"dfew", 0.5}, {"age", 2}};
        c.data.video_frame_separator = "";              // text fields are not trimmed
        c.data.json_max_file_bytes = int64_t(1) << 40;  // beyond a spin box
        c.eval.task_kinds = {{"ferv39k", "expression"}};
        c.seed = 18446744073709551615ull;
        c.dist.backend = "gloo";
        c.dist.nproc = 3;
        c.checkpoint.save_final_model = false;
        c.checkpoint.resume_from = "latest";
        form.setConfig(c);
        QStringList problems;
        const auto back = form.config(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
        QCOMPARE(config_json(back), config_json(c));
        // A value that does not read is listed by its flag, never thrown.
        host.findChild<QLineEdit*>("TrainLearningRate")->setText("fast");
        host.findChild<QLineEdit*>("TrainTaskWeights")->setText("dfew=much");
        problems.clear();
        const auto kept = form.config(&problems);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.join('\n').contains("learning-rate: 'fast'"),
                 qPrintable(problems.join('\n')));
        QVERIFY2(problems.join('\n').contains("--task-weights"), qPrintable(problems.join('\n')));
        QCOMPARE(kept.optim.learning_rate, c.optim.learning_rate);
        QCOMPARE(kept.data.task_weights, c.data.task_weights);
    }

    void commandFallsBackToAConfigFile() {
        training::TrainConfig c;
        c.model.checkpoint = "/models/base dir";
        c.optim.learning_rate = 1e-4;
        auto command = facellava::ui::build_train_command(c, 1, "/out/cfg.json");
        QVERIFY(!command.uses_config_file);
        QVERIFY(contains_pair(command.arguments, "--checkpoint", "/models/base dir"));
        QVERIFY(contains_pair(command.arguments, "--learning-rate", "0.0001"));
        QCOMPARE(facellava::ui::shell_quote("/models/base dir"), QString("'/models/base dir'"));
        // The frame separator emptied: an empty flag value means "default" to the CLI.
        c.data.video_frame_separator = "";
        command = facellava::ui::build_train_command(c, 1, "/out/cfg.json");
        QVERIFY(command.uses_config_file);
        QCOMPARE(command.arguments, QStringList({"train", "--config", "/out/cfg.json"}));
    }

    // The real trainer's `--progress jsonl` stream, recorded here, replayed
    // through a process into the job: its signals and outcome follow the
    // stream, its checkpoint listing is what the run left on disk.
    void jobFollowsTheTrainersJsonLines() {
        const QString cli = trainer_binary();
        QVERIFY2(QFileInfo(cli).isExecutable(), qPrintable("no facellava binary at " + cli));
        QTemporaryDir dir;
        const TinyData data = make_tiny_data(dir.filePath("data"));
        const QString output = dir.filePath("recorded_run");
        QProcess trainer;
        trainer.start(cli, {"train",
                            "--checkpoint",
                            uitest::tiny_checkpoint_dir(),
                            "--train-files",
                            data.files.join(","),
                            "--image-root",
                            data.images,
                            "--device",
                            "cpu",
                            "--stage",
                            "lora",
                            "--lora-rank",
                            "4",
                            "--max-steps",
                            "3",
                            "--batch-size",
                            "2",
                            "--save-every",
                            "1",
                            "--save-final-model",
                            "false",
                            "--cpu-threads",
                            "1",
                            "--num-workers",
                            "1",
                            "--output-dir",
                            output,
                            "--progress",
                            "jsonl"});
        QTRY_VERIFY_WITH_TIMEOUT(trainer.state() == QProcess::NotRunning, 180000);
        QVERIFY2(trainer.exitCode() == 0, trainer.readAllStandardError().constData());
        const QByteArray stream = trainer.readAllStandardOutput();
        const QList<QByteArray> lines = stream.trimmed().split('\n');
        QVERIFY(lines.size() >= 5);
        // Every line of the real stream reads as an event of the schema.
        for (int i = 0; i < lines.size(); ++i) {
            const auto read = facellava::ui::read_trainer_line(lines[i], i + 1);
            QVERIFY2(read.problem.isEmpty() && read.event, qPrintable(read.problem));
        }
        const QString recorded = dir.filePath("stream.jsonl");
        {
            QFile file(recorded);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(stream);
        }

        facellava::ui::SessionContext session;
        session.open(dir.filePath("session.facellava"));
        QTRY_VERIFY(session.sessionId() != 0);
        facellava::ui::TrainingJob job(session);
        auto replay = [&](const QString& script, const QStringList& script_args) {
            facellava::ui::TrainingRunRequest request;
            request.program = "/bin/sh";
            request.arguments = QStringList{"-c", script, "replay"} + script_args;
            request.config.checkpoint.output_dir = dir.filePath("replay").toStdString();
            request.command_text = "replay";
            job.start(request);
        };

        QSignalSpy steps(&job, &facellava::ui::TrainingJob::stepDone);
        QSignalSpy progressed(&job, &facellava::ui::Job::progressed);
        QSignalSpy saved(&job, &facellava::ui::TrainingJob::checkpointSaved);
        QSignalSpy outcomes(&job, &facellava::ui::TrainingJob::outcomeReady);
        QSignalSpy finished(&job, &facellava::ui::Job::finished);
        QSignalSpy failed(&job, &facellava::ui::Job::failed);
        QSignalSpy cancelled(&job, &facellava::ui::Job::cancelled);
        replay("cat \"$1\"", {recorded});
        QVERIFY(job.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!job.isRunning(), 30000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(failed.count() + cancelled.count(), 0);
        QCOMPARE(steps.count(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto step = steps.at(i).at(0).value<facellava::ui::TrainerEvent>();
            QCOMPARE(step.step, qint64(i + 1));
            QCOMPARE(step.total_steps, qint64(3));
            QVERIFY(step.loss.has_value());
        }
        QVERIFY(!progressed.isEmpty());
        QCOMPARE(progressed.last().at(0).toDouble(), 1.0);
        QCOMPARE(saved.count(), 3);  // every step, the last one as "final"
        QCOMPARE(saved.last().at(2).toString(), QString("final"));
        QCOMPARE(outcomes.count(), 1);
        const auto outcome = outcomes.at(0).at(0).value<facellava::ui::TrainingOutcome>();
        QCOMPARE(outcome.steps_done, qint64(3));
        QVERIFY(!outcome.aborted);
        QVERIFY(outcome.error.isEmpty());
        QVERIFY(outcome.model_dir.isEmpty());  // --save-final-model false
        QCOMPARE(outcome.checkpoint, saved.last().at(0).toString());
        QVERIFY(QFileInfo::exists(QDir(outcome.checkpoint).filePath("trainer_state.json")));

        // The checkpoint list of the recorded run's folder: what is on disk.
        QSignalSpy listed(&job, &facellava::ui::TrainingJob::checkpointsListed);
        job.refreshCheckpoints(output);
        QTRY_COMPARE(listed.count(), 1);
        const auto list = listed.at(0).at(1).value<QVector<facellava::ui::TrainingCheckpoint>>();
        const QStringList on_disk =
            QDir(QDir(output).filePath("checkpoints")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(list.size(), on_disk.size());
        QCOMPARE(list.size(), 3);  // keep_last 3 (the default)
        QCOMPARE(list[0].dir, outcome.checkpoint);
        QVERIFY(list[0].latest && list[0].complete);
        QCOMPARE(list[0].step, qint64(3));
        QCOMPARE(list[0].reason, QString("final"));
        QCOMPARE(list[2].step, qint64(1));
        QCOMPARE(list[2].reason, QString("periodic"));

        // Cut before its outcome, with a corrupt line: a clear failure naming
        // the line, no crash, no success.
        const int keep = int(lines.size()) - 1;
        replay("head -n \"$2\" \"$1\"; echo 'step 4/3 loss 1.0'; exit 1",
               {recorded, QString::number(keep)});
        QTRY_VERIFY_WITH_TIMEOUT(!job.isRunning(), 30000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 1);
        const auto corrupt = failed.at(0).at(0).value<facellava::ui::UserError>();
        QVERIFY2(corrupt.details.contains(QString("line %1").arg(keep + 1)),
                 qPrintable(corrupt.details));
        QVERIFY(corrupt.details.contains("step 4/3"));
        QVERIFY(!corrupt.fix.isEmpty());

        // A line of a newer trainer's unknown event is ignored.
        QVERIFY(!facellava::ui::read_trainer_line(
                     R"({"schema":"facellava.train/1","event":"gpu_temperature","rank":0})", 1)
                     .event);
        QVERIFY(facellava::ui::read_trainer_line(
                    R"({"schema":"facellava.train/1","event":"gpu_temperature","rank":0})", 1)
                    .problem.isEmpty());
        // A known event with a field of the wrong type names the field.
        QVERIFY(facellava::ui::read_trainer_line(
                    R"({"schema":"facellava.train/1","event":"checkpoint","rank":0,)"
                    R"("step":"3","path":"/x","reason":"final"})",
                    7)
                    .problem.contains("\"step\""));

        // A run that fails: the real trainer's error event becomes the
        // failure, with the trainer's message, file and hint.
        facellava::ui::TrainingRunRequest request;
        request.program = cli;
        const QString missing = dir.filePath("no_such_data.json");
        request.arguments = {"train",
                             "--checkpoint",
                             uitest::tiny_checkpoint_dir(),
                             "--train-files",
                             missing,
                             "--device",
                             "cpu",
                             "--output-dir",
                             dir.filePath("failing"),
                             "--on-bad-sample",
                             "fail",
                             "--progress",
                             "jsonl"};
        request.config.checkpoint.output_dir = dir.filePath("failing").toStdString();
        job.start(request);
        QTRY_VERIFY_WITH_TIMEOUT(!job.isRunning(), 120000);
        QCOMPARE(failed.count(), 2);
        const auto error = failed.at(1).at(0).value<facellava::ui::UserError>();
        QVERIFY2(
            error.details.contains("no_such_data.json") || error.file.contains("no_such_data.json"),
            qPrintable(error.details + " | " + error.file));
        QVERIFY(!error.fix.isEmpty());
        const auto failure = outcomes.last().at(0).value<facellava::ui::TrainingOutcome>();
        QCOMPARE(failure.exit_code, 1);
        QCOMPARE(failure.error, error.details);
        session.flush();
    }

    void trainsAbortsResumesAndLoadsIntoChat() {
        const QString cli = trainer_binary();
        QVERIFY2(QFileInfo(cli).isExecutable(), qPrintable("no facellava binary at " + cli));
        QTemporaryDir dir;
        const TinyData data = make_tiny_data(dir.filePath("data"));
        const QString output = dir.filePath("run");
        facellava::ui::Settings settings(dir.filePath("settings.ini"));
        facellava::ui::SessionContext session;
        session.open(dir.filePath("session.facellava"));
        QTRY_VERIFY(session.sessionId() != 0);

        TrainingDialog dialog(session, settings);
        dialog.setTrainerProgram(cli);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        uitest::Watchdog watchdog;
        watchdog.start();

        // Options a config sets keep their values in the form.
        training::TrainConfig base;
        base.cpu_threads = 1;
        base.data.num_workers = 1;
        base.eval.max_new_tokens = 8;
        dialog.setConfig(base);

        // Fill the form as a user would.
        auto* files = dialog.findChild<QListWidget*>("TrainTrainFiles");
        for (const QString& f : data.files)
            files->addItem(f);
        dialog.findChild<QLineEdit*>("TrainImageRoot")->setText(data.images);
        dialog.findChild<QLineEdit*>("TrainEvalFraction")->setText("0.25");
        dialog.findChild<QLineEdit*>("TrainCheckpoint")->setText(uitest::tiny_checkpoint_dir());
        auto* stage = dialog.findChild<QComboBox*>("TrainStage");
        stage->setCurrentIndex(stage->findData("lora"));
        QVERIFY(dialog.findChild<QSpinBox*>("TrainLoraRank")->isEnabled());  // LoRA needs it
        dialog.findChild<QSpinBox*>("TrainLoraRank")->setValue(4);
        dialog.findChild<QLineEdit*>("TrainLoraAlpha")->setText("8");
        for (const char* name : {"k_proj", "o_proj", "gate_proj", "up_proj", "down_proj"})
            dialog.findChild<QCheckBox*>(QString("TrainLoraTargets_") + name)->setChecked(false);
        dialog.findChild<QLineEdit*>("TrainLearningRate")->setText("0.001");
        dialog.findChild<QSpinBox*>("TrainWarmupSteps")->setValue(0);
        dialog.findChild<QSpinBox*>("TrainMaxSteps")->setValue(500);
        dialog.findChild<QSpinBox*>("TrainBatchSize")->setValue(2);
        dialog.findChild<QComboBox*>("TrainDevice")->setCurrentText("cpu");
        dialog.findChild<QLineEdit*>("TrainSeed")->setText("7");
        dialog.findChild<QLineEdit*>("TrainOutputDir")->setText(output);
        dialog.findChild<QSpinBox*>("TrainSaveEvery")->setValue(0);
        dialog.findChild<QSpinBox*>("TrainEvalEvery")->setValue(2);
        dialog.findChild<QSpinBox*>("TrainEvalMaxSamples")->setValue(2);

        // Data preview: counts per task, missing media, first samples.
        QTRY_VERIFY2_WITH_TIMEOUT(!dialog.isScanningData() && dialog.dataSummary().entries == 9,
                                  qPrintable(dialog.dataSummaryText()), 120000);
        const auto& summary = dialog.dataSummary();
        QCOMPARE(summary.usable, qint64(8));
        QCOMPARE(summary.missing_media, qint64(1));
        QCOMPARE(summary.images, qint64(8));
        QCOMPARE(summary.tasks.size(), 2);
        QCOMPARE(summary.tasks[0].task, QString("age"));
        QCOMPARE(summary.tasks[0].samples, qint64(2));
        QCOMPARE(summary.tasks[1].task, QString("expression"));
        QCOMPARE(summary.tasks[1].samples, qint64(6));
        QCOMPARE(summary.tasks[1].bad, qint64(1));
        QVERIFY(summary.preview.size() >= 7);
        QCOMPARE(summary.preview[0].question, QString("What is the facial expression?"));
        QVERIFY(summary.preview[0].answer.startsWith("Happy."));
        QVERIFY(summary.preview[0].media.endsWith("img_0.png"));
        QVERIFY(!summary.preview[6].problem.isEmpty());
        QVERIFY2(summary.issues.value(0).contains("expression.json #6"),
                 qPrintable(summary.issues.value(0)));
        QVERIFY(dialog.dataSummaryText().contains("1 missing media"));

        // The command preview is the exact command Start runs.
        const QStringList args = dialog.commandArguments();
        QCOMPARE(args.value(0), QString("train"));
        QVERIFY(contains_pair(args, "--stage", "lora"));
        QVERIFY(contains_pair(args, "--lora-rank", "4"));
        QVERIFY(contains_pair(args, "--lora-alpha", "8.0"));
        QVERIFY(contains_pair(args, "--lora-targets", "q_proj,v_proj"));
        QVERIFY(contains_pair(args, "--learning-rate", "0.001"));
        QVERIFY(contains_pair(args, "--max-steps", "500"));
        QVERIFY(contains_pair(args, "--device", "cpu"));
        QVERIFY(contains_pair(args, "--output-dir", output));
        QVERIFY(contains_pair(args, "--eval-max-new-tokens", "8"));
        QVERIFY(!args.contains("--nproc"));
        QVERIFY(dialog.commandLine().startsWith(cli));
        QVERIFY(dialog.commandLine().contains("--stage lora"));
        dialog.findChild<QSpinBox*>("TrainNproc")->setValue(3);
        QVERIFY(contains_pair(dialog.commandArguments(), "--nproc", "3"));
        dialog.findChild<QSpinBox*>("TrainNproc")->setValue(1);
        QCOMPARE(dialog.commandArguments(), args);

        // The CLI reads those flags back into the same config.
        QProcess dry;
        dry.start(cli, QStringList(args) << "--dry-run"
                                         << "--json");
        QTRY_VERIFY_WITH_TIMEOUT(dry.state() == QProcess::NotRunning, 120000);
        QVERIFY2(dry.exitCode() == 0, dry.readAllStandardError().constData());
        auto resolved = nlohmann::json::parse(dry.readAllStandardOutput().toStdString());
        QVERIFY(resolved["train"]["usable"].get<int>() < 8);  // a quarter held out
        QVERIFY(resolved["eval"]["usable"].get<int>() > 0);
        auto expected = config_json(dialog.config());
        expected["data"]["num_frames"] = resolved["config"]["data"]["num_frames"];
        QVERIFY2(resolved["config"] == expected, resolved["config"].dump(1).c_str());

        // Save / load round trip in the format `--config` reads.
        const QString config_file = dir.filePath("run.json");
        QSignalSpy saved(&dialog, &TrainingDialog::configSaved);
        dialog.saveConfig(config_file);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(config_json(training::load_train_config(config_file.toStdString())),
                 config_json(dialog.config()));
        const auto before = config_json(dialog.config());
        dialog.findChild<QLineEdit*>("TrainLearningRate")->setText("0.5");
        dialog.findChild<QSpinBox*>("TrainLoraRank")->setValue(9);
        QVERIFY(config_json(dialog.config()) != before);
        QSignalSpy loaded(&dialog, &TrainingDialog::configLoaded);
        dialog.loadConfig(config_file);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(config_json(dialog.config()), before);
        QCOMPARE(dialog.commandArguments(), args);
        QTRY_VERIFY(!dialog.isScanningData());

        // A real run: charts fill, step X/Y shows.
        QSignalSpy finished(&dialog, &TrainingDialog::runFinished);
        QVERIFY(dialog.start());
        QVERIFY(dialog.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.charts()->lossPointCount() >= 3 &&
                                     dialog.charts()->learningRatePointCount() >= 3 &&
                                     dialog.charts()->evalLossPointCount() >= 1,
                                 180000);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.progressText().contains(" / 500"), 10000);
        QVERIFY2(dialog.progressText().contains("Step "), qPrintable(dialog.progressText()));
        QVERIFY(dialog.progressText().contains("ETA"));
        QVERIFY(dialog.progressText().contains("memory"));
        QVERIFY(!dialog.loadIntoChatButton()->isEnabled());
        // The trainer runs nicer than the GUI, so a busy machine keeps the
        // window responsive.
        const qint64 trainer_pid = dialog.trainingJob().processId();
        QVERIFY(trainer_pid > 0);
        QCOMPARE(
            niceness_of(trainer_pid),
            std::min(19, niceness_of(::getpid()) + facellava::ui::TrainingJob::kTrainerNiceness));

        // Abort: the trainer saves a checkpoint and says so.
        dialog.abort();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QVERIFY(!dialog.isRunning());
        const auto aborted = finished.at(0).at(0).value<facellava::ui::TrainingOutcome>();
        QVERIFY(aborted.aborted);
        QVERIFY2(dialog.statusText().contains("checkpoint was kept"),
                 qPrintable(dialog.statusText()));
        QVERIFY(QFileInfo::exists(QDir(aborted.checkpoint).filePath("trainer_state.json")));
        QVERIFY(aborted.steps_done >= 3);
        qInfo("aborted at step %lld after %.1f s; %d loss points, %d held-out points drawn",
              static_cast<long long>(aborted.steps_done), aborted.wall_s,
              dialog.charts()->lossPointCount(), dialog.charts()->evalLossPointCount());
        QTRY_VERIFY(!dialog.checkpoints().isEmpty() &&
                    dialog.checkpoints()[0].dir == aborted.checkpoint);
        QCOMPARE(dialog.checkpoints()[0].reason, QString("abort"));
        QVERIFY(dialog.checkpointList()->findData(aborted.checkpoint) >= 0);

        // The run is in the session's history.
        QTRY_VERIFY(dialog.history().size() == 1 &&
                    dialog.history()[0].run.status == store::JobStatus::Cancelled);
        const auto& entry = dialog.history()[0];
        QCOMPARE(entry.details.steps_done, aborted.steps_done);
        QCOMPARE(entry.details.total_steps, qint64(500));
        QVERIFY(entry.details.last_loss.has_value());
        QCOMPARE(QString::fromStdString(entry.run.checkpoint_dir), aborted.checkpoint);
        QCOMPARE(QString::fromStdString(entry.details.output_dir), output);
        QVERIFY(QString::fromStdString(entry.details.command).contains("--stage lora"));
        QCOMPARE(dialog.historyList()->model()->rowCount(), 1);

        // Resume from that checkpoint for two more steps: it finishes and
        // writes a model the chat can load.
        const int rows_before = dialog.metrics()->rowCount();
        dialog.findChild<QSpinBox*>("TrainMaxSteps")->setValue(int(aborted.steps_done) + 2);
        dialog.findChild<QSpinBox*>("TrainEvalEvery")->setValue(0);
        QVERIFY(dialog.resume(aborted.checkpoint));
        QVERIFY(contains_pair(dialog.commandArguments(), "--resume", aborted.checkpoint));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 180000);
        const auto done = finished.at(1).at(0).value<facellava::ui::TrainingOutcome>();
        QVERIFY2(done.exit_code == 0, qPrintable(done.error));
        QCOMPARE(done.steps_done, aborted.steps_done + 2);
        QVERIFY(dialog.statusText().startsWith("Finished"));
        QTRY_VERIFY(dialog.metrics()->rowCount() >= rows_before + 2);
        QCOMPARE(dialog.metrics()->trainingPoints().last().step, done.steps_done);
        QVERIFY(dialog.loadIntoChatButton()->isEnabled());
        QSignalSpy load(&dialog, &TrainingDialog::loadIntoChatRequested);
        dialog.loadIntoChatButton()->click();
        QCOMPARE(load.count(), 1);
        const QString model = load.at(0).at(0).toString();
        QVERIFY(QFileInfo::exists(QDir(model).filePath("config.json")));
        QVERIFY(QFileInfo::exists(QDir(model).filePath("model.safetensors")));
        QTRY_VERIFY(dialog.history().size() == 2 &&
                    dialog.history()[0].run.status == store::JobStatus::Done);
        QCOMPARE(QString::fromStdString(dialog.history()[0].details.final_model_dir), model);

        // A past run's curves come back from its metrics.jsonl.
        QSignalSpy curves(dialog.metrics(), &facellava::ui::TrainingMetricsModel::loaded);
        dialog.showRunCurves(dialog.history()[1].run.id);
        QTRY_COMPARE(curves.count(), 1);
        QVERIFY(dialog.charts()->lossPointCount() >= 3);

        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
        session.flush();
    }

    // `--nproc 2` (when the trainer has it): the launcher's and each rank's
    // lines show per process, the run finishes and is recorded.
    void multiProcessRunShowsEachProcess() {
        const auto& fields = training::train_config_fields();
        if (std::none_of(fields.begin(), fields.end(),
                         [](const auto& f) { return f.key == "nproc"; }))
            QSKIP("this trainer has no --nproc");
        QTemporaryDir dir;
        const TinyData data = make_tiny_data(dir.filePath("data"));
        facellava::ui::Settings settings(dir.filePath("settings.ini"));
        facellava::ui::SessionContext session;
        session.open(dir.filePath("session.facellava"));
        TrainingDialog dialog(session, settings);
        dialog.setTrainerProgram(trainer_binary());
        dialog.show();
        uitest::Watchdog watchdog;
        watchdog.start();
        training::TrainConfig c;
        c.model.checkpoint = uitest::tiny_checkpoint_dir().toStdString();
        c.model.device = "cpu";
        c.stage = training::TrainStage::Lora;
        c.lora.rank = 4;
        for (const QString& f : data.files)
            c.data.train_files.push_back(f.toStdString());
        c.data.image_root = data.images.toStdString();
        c.data.num_workers = 1;
        c.optim.max_steps = 4;
        c.optim.batch_size = 2;
        c.checkpoint.output_dir = dir.filePath("run").toStdString();
        c.checkpoint.save_final_model = false;
        c.cpu_threads = 1;
        dialog.setConfig(c);
        dialog.setProcessCount(2);
        QVERIFY(contains_pair(dialog.commandArguments(), "--nproc", "2"));
        QCOMPARE(config_json(dialog.config())["nproc"].get<int>(), 2);

        QSignalSpy finished(&dialog, &TrainingDialog::runFinished);
        QVERIFY(dialog.start());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 180000);
        const auto outcome = finished.at(0).at(0).value<facellava::ui::TrainingOutcome>();
        QVERIFY2(outcome.exit_code == 0, qPrintable(outcome.error));
        QCOMPARE(outcome.steps_done, qint64(4));
        QVERIFY(dialog.statusText().startsWith("Finished"));
        auto* ranks = dialog.findChild<QTableWidget*>("TrainRanks");
        QVERIFY(ranks->isVisible());
        QStringList names;
        for (int r = 0; r < ranks->rowCount(); ++r)
            names << ranks->item(r, 0)->text();
        QVERIFY2(names.contains("launcher") && names.contains("rank 0"),
                 qPrintable(names.join(", ")));
        QTRY_VERIFY(dialog.history().size() == 1 &&
                    dialog.history()[0].run.status == store::JobStatus::Done);
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
        session.flush();
    }
};

int run_training_tests(int argc, char** argv) {
    TrainingTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_training.moc"
