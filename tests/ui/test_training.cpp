// The Training dialog end to end: a tiny FaceInstruct dataset (images,
// landmark .npy files, one sample with a missing image, two tasks), the data
// preview and counts, the command preview checked against the real CLI
// (`--dry-run --json` resolves the same config), config save/load round trip,
// then a real run of the built `facellava` on the tiny fixture checkpoint:
// chart points and step X/Y arrive, Abort keeps a checkpoint, the run is in
// the session's history, Resume from that checkpoint finishes and "Load into
// chat" hands over the model folder. A watchdog asserts the GUI thread never
// stalls over 100 ms. Also the pieces: the metrics tail (partial and malformed
// lines), stderr parsing, and the config-file fallback of the command line.
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
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "dialogs/training_dialog.h"
#include "facellava/core/npy.h"
#include "facellava/training/train_config.h"
#include "jobs/training_process.h"
#include "models/session_context.h"
#include "models/train_command.h"
#include "models/training_metrics_model.h"
#include "settings/settings.h"
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

    void parsesTrainerOutputLines() {
        using P = facellava::ui::TrainingProcess;
        auto info = P::parseLine("step 12/300  loss 1.2345  lr 1.00e-03");
        QCOMPARE(info.step, qint64(12));
        QCOMPARE(info.total, qint64(300));
        QCOMPARE(info.rank, -1);
        info = P::parseLine("[rank 1] step 3/10  loss 2.0");
        QCOMPARE(info.rank, 1);
        QCOMPARE(info.step, qint64(3));
        info = P::parseLine("rank 2: waiting for the other processes");
        QCOMPARE(info.rank, 2);
        QCOMPARE(info.text, QString("waiting for the other processes"));
        QCOMPARE(P::parseLine("saved checkpoint /x/step-00000004 (abort)").step, qint64(-1));
        // What `--nproc 2` prints: the launcher's lines and rank 0 introducing itself.
        info = P::parseLine("launcher: started 2 ranks (MASTER_ADDR 127.0.0.1, MASTER_PORT 1)");
        QCOMPARE(info.rank, P::kLauncher);
        QVERIFY(info.text.startsWith("started 2 ranks"));
        info = P::parseLine("rank 0 of 2 (gloo): 2 ranks × 2 samples per micro-batch");
        QCOMPARE(info.rank, 0);
        QCOMPARE(P::parseLine("rank 0 of 2 (gloo): x").step, qint64(-1));
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

    void readsPerRankLogsOfMultiProcessRuns() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write("rank-0.log",
              "reading and checking the data\nstep 3/10  loss 1.0000  lr 1.00e-03\n"
              "Aborted after 3 steps, last loss 1.0000\nCheckpoint: /runs/x/checkpoints/"
              "step-00000003\n");
        write("rank-1.log", "waiting for rank 0\n");
        using P = facellava::ui::TrainingProcess;
        const QStringList tails = P::rankLogTails(dir.path(), 3);
        QCOMPARE(tails, QStringList({"Checkpoint: /runs/x/checkpoints/step-00000003",
                                     "waiting for rank 0", ""}));
        facellava::ui::TrainingOutcome outcome;
        P::completeFromRankLog(outcome, dir.path());
        QVERIFY(outcome.aborted);
        QCOMPARE(outcome.steps_done, qint64(3));
        QCOMPARE(outcome.checkpoint, QString("/runs/x/checkpoints/step-00000003"));
        QVERIFY(outcome.model_dir.isEmpty());
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

        // Options the form does not show come from a config (kept as they are).
        training::TrainConfig base;
        base.cpu_threads = 1;
        base.data.num_workers = 1;
        base.eval.max_new_tokens = 8;
        dialog.setConfig(base);

        // Fill the form as a user would.
        auto* files = dialog.findChild<QListWidget*>("TrainFiles");
        for (const QString& f : data.files)
            files->addItem(f);
        dialog.findChild<QLineEdit*>("TrainImageRoot")->setText(data.images);
        dialog.findChild<QDoubleSpinBox*>("TrainEvalFraction")->setValue(0.25);
        dialog.findChild<QLineEdit*>("TrainCheckpoint")->setText(uitest::tiny_checkpoint_dir());
        dialog.findChild<QComboBox*>("TrainStage")->setCurrentIndex(1);
        dialog.findChild<QGroupBox*>("TrainLora")->setChecked(true);
        dialog.findChild<QSpinBox*>("TrainLoraRank")->setValue(4);
        dialog.findChild<QDoubleSpinBox*>("TrainLoraAlpha")->setValue(8);
        for (const char* name : {"k_proj", "o_proj", "gate_proj", "up_proj", "down_proj"})
            dialog.findChild<QCheckBox*>(QString("TrainLoraTarget_") + name)->setChecked(false);
        dialog.findChild<QLineEdit*>("TrainLearningRate")->setText("0.001");
        dialog.findChild<QSpinBox*>("TrainWarmupSteps")->setValue(0);
        dialog.findChild<QSpinBox*>("TrainMaxSteps")->setValue(500);
        dialog.findChild<QSpinBox*>("TrainBatchSize")->setValue(2);
        dialog.findChild<QComboBox*>("TrainDevice")->setCurrentText("cpu");
        dialog.findChild<QLineEdit*>("TrainSeed")->setText("7");
        dialog.findChild<QLineEdit*>("TrainOutputDir")->setText(output);
        dialog.findChild<QSpinBox*>("TrainSaveEvery")->setValue(0);
        dialog.findChild<QSpinBox*>("TrainEvalEvery")->setValue(2);
        dialog.findChild<QSpinBox*>("TrainEvalSamples")->setValue(2);

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
        dialog.findChild<QSpinBox*>("TrainProcesses")->setValue(3);
        QVERIFY(contains_pair(dialog.commandArguments(), "--nproc", "3"));
        dialog.findChild<QSpinBox*>("TrainProcesses")->setValue(1);
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
        const qint64 trainer_pid = dialog.trainerProcess().processId();
        QVERIFY(trainer_pid > 0);
        QCOMPARE(niceness_of(trainer_pid),
                 std::min(19, niceness_of(::getpid()) +
                                  facellava::ui::TrainingProcess::kTrainerNiceness));

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
        QCOMPARE(dialog.historyList()->topLevelItemCount(), 1);

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
