// The window and faces.csv agree: every photo the tests use is analysed by the
// workbench's own job (AnalysisRunner, the real Qt job, with the options the
// Settings give it) and by the real CLI (`facellava batch`, which writes
// faces.csv, and `facellava analyze`, which prints the same rows as JSON), and
// both must list the same faces in the same order with the same ids, boxes,
// confidences and landmarks (and pose, expression, age, gender), to the
// precision the CSV prints (docs/CSV.md). With both detectors the workbench
// offers: face-api's and dlib's; and under OpenFace's frame numbers and
// py-feat's expression names, where the answers panel must name Face-LLaVA's
// expression label as faces.csv does.
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "docks/analysis_dock.h"
#include "facellava/core/assets.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/model_tasks.h"
#include "jobs/analysis_runner.h"
#include "jobs/model_service.h"
#include "jobs/perception_models.h"
#include "jobs/series_job.h"
#include "models/analysis_state.h"
#include "models/frame_analysis.h"
#include "models/time_series.h"
#include "settings/settings.h"
#include "widgets/task_answers_panel.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::pipeline::DetectorKind;

namespace {

constexpr int kPoints = 68;

// One face as both sides report it, in the CSV's units.
struct Face {
    int64_t frame = 0;
    int id = -1;
    double confidence = 0;
    std::array<double, 4> box{};                  // x, y, w, h
    std::array<double, 2 * kPoints> landmarks{};  // x0 … x67, y0 … y67
    std::optional<std::array<double, 3>> pose;    // yaw, pitch, roll
    std::array<double, 7> expression{};           // the CSV's column order (face-api's labels)
    double age = 0;
    QString gender;
    QString expression_label;  // faces.csv's llava_expression_label, when asked
};

// The `facellava` binary next to this build (FACELLAVA_CLI overrides it).
QString cli_binary() {
    const QString from_env = qEnvironmentVariable("FACELLAVA_CLI");
    return from_env.isEmpty() ? QStringLiteral(FACELLAVA_UI_CLI_BINARY) : from_env;
}

const char* cli_name(DetectorKind kind) {
    return kind == DetectorKind::DlibHog ? "dlib" : "faceapi";
}

// Runs the CLI; fails the test (with its stderr) unless it exits 0.
QByteArray run_cli(const QStringList& arguments) {
    QProcess process;
    process.start(cli_binary(), arguments);
    if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning("facellava %s failed: %s", qPrintable(arguments.join(' ')),
                 process.readAllStandardError().constData());
        return {};
    }
    return process.readAllStandardOutput();
}

// One RFC 4180 line (docs/CSV.md quotes text cells holding , " or a line break).
QStringList split_csv_line(const QString& line) {
    QStringList cells;
    QString cell;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells << cell;
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells << cell;
    return cells;
}

const QStringList kExpressionColumns = {"neutral", "happy",     "sad",      "angry",
                                        "fearful", "disgusted", "surprised"};
// The same seven in py-feat's words (its Fex columns; docs/CSV.md, "Expression
// names"), in face-api's order: the columns `--expression-names pyfeat` writes.
const QStringList kPyFeatColumns = {"neutral", "happiness", "sadness", "anger",
                                    "fear",    "disgust",   "surprise"};

// faces.csv read by its header: input → its rows in file order. A no-face
// row (success 0) gives an input with no faces. `expression_columns`: the
// seven expression columns' names, in face-api's order.
std::map<QString, std::vector<Face>> read_faces_csv(
    const QString& path, const QStringList& expression_columns = kExpressionColumns) {
    std::map<QString, std::vector<Face>> by_input;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return by_input;
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return by_input;
    const QStringList header = split_csv_line(lines.front());
    auto column = [&](const QString& name) {
        const int index = int(header.indexOf(name));
        if (index < 0)
            qFatal("faces.csv has no column %s", qPrintable(name));
        return index;
    };
    for (int l = 1; l < lines.size(); ++l) {
        const QStringList cells = split_csv_line(lines[l]);
        if (cells.size() != header.size())
            qFatal("faces.csv line %d has %d cells, the header %d", l + 1, int(cells.size()),
                   int(header.size()));
        auto number = [&](const QString& name) { return cells[column(name)].toDouble(); };
        std::vector<Face>& faces = by_input[cells[column("input")]];
        if (cells[column("success")] != "1")
            continue;
        Face face;
        face.frame = cells[column("frame")].toLongLong();
        face.id = cells[column("face_id")].toInt();
        face.confidence = number("confidence");
        face.box = {number("face_x"), number("face_y"), number("face_w"), number("face_h")};
        for (int k = 0; k < kPoints; ++k) {
            face.landmarks[size_t(k)] = number(QStringLiteral("x_%1").arg(k));
            face.landmarks[size_t(kPoints + k)] = number(QStringLiteral("y_%1").arg(k));
        }
        if (!cells[column("pose_yaw")].isEmpty())
            face.pose = std::array<double, 3>{number("pose_yaw"), number("pose_pitch"),
                                              number("pose_roll")};
        for (int e = 0; e < 7; ++e)
            face.expression[size_t(e)] = number(expression_columns[e]);
        face.age = number("age");
        face.gender = cells[column("gender")];
        if (header.contains("llava_expression_label"))
            face.expression_label = cells[column("llava_expression_label")];
        faces.push_back(face);
    }
    return by_input;
}

// `facellava analyze` JSON (docs/CSV.md, last section): the faces of frame 0.
std::vector<Face> read_analyze_json(const QByteArray& json) {
    std::vector<Face> faces;
    const QJsonArray frames = QJsonDocument::fromJson(json).object().value("frames").toArray();
    if (frames.isEmpty())
        return faces;
    for (const auto& item : frames.first().toObject().value("faces").toArray()) {
        const QJsonObject f = item.toObject();
        Face face;
        face.id = f.value("face_id").toInt(-1);
        face.confidence = f.value("confidence").toDouble();
        const QJsonObject box = f.value("box").toObject();
        face.box = {box.value("x").toDouble(), box.value("y").toDouble(), box.value("w").toDouble(),
                    box.value("h").toDouble()};
        const QJsonArray points = f.value("landmarks").toArray();
        for (int k = 0; k < kPoints && k < points.size(); ++k) {
            face.landmarks[size_t(k)] = points[k].toArray()[0].toDouble();
            face.landmarks[size_t(kPoints + k)] = points[k].toArray()[1].toDouble();
        }
        if (f.value("pose").isObject()) {
            const QJsonObject pose = f.value("pose").toObject();
            face.pose =
                std::array<double, 3>{pose.value("yaw").toDouble(), pose.value("pitch").toDouble(),
                                      pose.value("roll").toDouble()};
        }
        const QJsonObject expression = f.value("expression").toObject();
        for (int e = 0; e < 7; ++e)
            face.expression[size_t(e)] = expression.value(kExpressionColumns[e]).toDouble();
        face.age = f.value("age").toDouble();
        face.gender = f.value("gender").toString();
        faces.push_back(face);
    }
    return faces;
}

// What the window got from its analysis job, in the CSV's units.
std::vector<Face> window_faces(const facellava::ui::FrameAnalysis& analysis) {
    std::vector<Face> faces;
    for (const auto& f : analysis.faces) {
        Face face;
        face.id = f.face_id;
        face.confidence = f.score;
        face.box = {f.box.x(), f.box.y(), f.box.width(), f.box.height()};
        for (int k = 0; k < kPoints; ++k) {
            face.landmarks[size_t(k)] = f.landmarks[size_t(k)].x();
            face.landmarks[size_t(kPoints + k)] = f.landmarks[size_t(k)].y();
        }
        if (f.pose)
            face.pose = std::array<double, 3>{f.pose->yaw, f.pose->pitch, f.pose->roll};
        for (int e = 0; e < 7; ++e)
            face.expression[size_t(e)] = f.expression[size_t(e)];
        face.age = f.age;
        face.gender = f.gender;
        faces.push_back(face);
    }
    return faces;
}

// The printed value `printed` (rounded to `decimals`) is `exact` rounded:
// within half a unit of its last digit, plus 1e-3 for float rounding between
// the processes' thread counts (LibTorch may sum in another order).
bool agrees(double exact, double printed, int decimals) {
    return std::abs(exact - printed) <= 0.5 * std::pow(10.0, -decimals) + 1e-3;
}

// Empty when the window's faces equal the printed ones, else what differs.
QString difference(const std::vector<Face>& window, const std::vector<Face>& printed) {
    if (window.size() != printed.size())
        return QStringLiteral("the window found %1 face(s), the CLI %2")
            .arg(window.size())
            .arg(printed.size());
    for (size_t i = 0; i < window.size(); ++i) {
        const Face& w = window[i];
        const Face& p = printed[i];
        const QString where = QStringLiteral("face %1 (in order): ").arg(i);
        if (w.id != p.id)
            return where + QStringLiteral("id %1 in the window, %2 printed").arg(w.id).arg(p.id);
        if (!agrees(w.confidence, p.confidence, 2))
            return where + QStringLiteral("confidence %1 in the window, %2 printed")
                               .arg(w.confidence)
                               .arg(p.confidence);
        for (size_t k = 0; k < 4; ++k)
            if (!agrees(w.box[k], p.box[k], 1))
                return where + QStringLiteral("box value %1: %2 in the window, %3 printed")
                                   .arg(k)
                                   .arg(w.box[k])
                                   .arg(p.box[k]);
        for (size_t k = 0; k < w.landmarks.size(); ++k)
            if (!agrees(w.landmarks[k], p.landmarks[k], 1))
                return where + QStringLiteral("landmark %1 %2: %3 in the window, %4 printed")
                                   .arg(k % kPoints)
                                   .arg(k < kPoints ? "x" : "y")
                                   .arg(w.landmarks[k])
                                   .arg(p.landmarks[k]);
        if (w.pose.has_value() != p.pose.has_value())
            return where + QStringLiteral("a pose on one side only");
        if (w.pose)
            for (size_t k = 0; k < 3; ++k)
                if (!agrees((*w.pose)[k], (*p.pose)[k], 2))
                    return where + QStringLiteral("pose angle %1: %2 in the window, %3 printed")
                                       .arg(k)
                                       .arg((*w.pose)[k])
                                       .arg((*p.pose)[k]);
        for (size_t e = 0; e < 7; ++e)
            if (!agrees(w.expression[e], p.expression[e], 4))
                return where + QStringLiteral("%1: %2 in the window, %3 printed")
                                   .arg(kExpressionColumns[int(e)])
                                   .arg(w.expression[e])
                                   .arg(p.expression[e]);
        if (!agrees(w.age, p.age, 1) || w.gender != p.gender)
            return where + QStringLiteral("age/gender %1 %2 in the window, %3 %4 printed")
                               .arg(w.age)
                               .arg(w.gender, QString::number(p.age), p.gender);
    }
    return {};
}

}  // namespace

class AnalysisAgreementTest : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir dir_;
    QString photos_;  // the folder `facellava batch` analyses
    QStringList names_;
    std::shared_ptr<facellava::ui::PerceptionModels> models_;

    // The window's analysis of one photo: decoded as the media decoder does
    // (load_image), analysed by the real AnalysisRunner with the Settings' options.
    std::optional<facellava::ui::FrameAnalysis> analyseInWindow(const QString& path,
                                                                DetectorKind detector) {
        facellava::ui::Settings settings(dir_.filePath("settings.ini"));
        settings.setDetector(detector);
        facellava::ui::AnalysisRunner runner(models_);
        QSignalSpy ready(&runner, &facellava::ui::AnalysisRunner::analysisReady);
        QString failure;
        QObject::connect(&runner, &facellava::ui::AnalysisRunner::failed, &runner,
                         [&](const facellava::ui::UserError& error) {
                             failure = error.what + " (" + error.file + ")";
                         });
        const auto image =
            std::make_shared<const facellava::ImageRGB>(facellava::load_image(path.toStdString()));
        runner.analyse(facellava::ui::FrameKey{path, 0}, image, settings.analysisOptions());
        if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failure.isEmpty(); }, 300000) ||
            ready.isEmpty()) {
            qWarning("the window's analysis of %s failed: %s", qPrintable(path),
                     qPrintable(failure));
            return std::nullopt;
        }
        return ready.front().front().value<facellava::ui::FrameAnalysis>();
    }

    void compareBoth(DetectorKind detector) {
        const QString out = dir_.filePath(QStringLiteral("job_%1").arg(cli_name(detector)));
        run_cli({"batch", photos_, "-o", out, "--detector", cli_name(detector), "--landmarks",
                 cli_name(detector), "--quiet"});
        const auto csv = read_faces_csv(QDir(out).filePath("faces.csv"));
        QCOMPARE(int(csv.size()), int(names_.size()));  // every photo has rows
        size_t faces_seen = 0;
        bool several = false;
        for (const QString& name : names_) {
            const QString path = QDir(photos_).filePath(name);
            const auto analysis = analyseInWindow(path, detector);
            QVERIFY2(analysis, qPrintable("the window's analysis of " + name + " failed"));
            QCOMPARE(analysis->detector,
                     QString(detector == DetectorKind::DlibHog ? "dlib" : "face-api"));
            const std::vector<Face> window = window_faces(*analysis);
            const auto rows = csv.find(name);
            QVERIFY2(rows != csv.end(), qPrintable(name + " has no rows in faces.csv"));
            const QString vs_csv = difference(window, rows->second);
            QVERIFY2(vs_csv.isEmpty(), qPrintable(name + ", window vs faces.csv: " + vs_csv));
            const std::vector<Face> json =
                read_analyze_json(run_cli({"analyze", path, "--detector", cli_name(detector),
                                           "--landmarks", cli_name(detector), "--quiet"}));
            const QString vs_json = difference(window, json);
            QVERIFY2(vs_json.isEmpty(),
                     qPrintable(name + ", window vs facellava analyze: " + vs_json));
            faces_seen += window.size();
            several = several || window.size() >= 2;
        }
        // The comparison means something only with faces, and order only
        // with several in one photo (the demo photos have them).
        QVERIFY2(faces_seen >= size_t(names_.size()), "too few faces found to compare");
        QVERIFY2(several, "no photo with several faces: the order went untested");
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        photos_ = dir_.filePath("photos");
        QVERIFY(QDir().mkpath(photos_));
        // The face-api demo photos (sample1.jpg … sample6.jpg), as every
        // layer's tests use them.
        for (const auto& photo : facellava::AssetLocator::from_environment().demo_photos()) {
            const QString name = QFileInfo(QString::fromStdString(photo)).fileName();
            QVERIFY(QFile::copy(QString::fromStdString(photo), QDir(photos_).filePath(name)));
            names_ << name;
        }
        // The first frame of the workbench tests' video (small faces of
        // sample1.jpg, some cut by the border), as a photo.
        facellava::VideoReader reader(uitest::test_video().toStdString());
        facellava::ImageRGB frame;
        int64_t index = 0;
        double timestamp = 0;
        QVERIFY(reader.next(frame, index, timestamp));
        facellava::save_image_png(frame, QDir(photos_).filePath("video_frame.png").toStdString());
        names_ << "video_frame.png";
        // A picture without a face (the Training tests' 32 × 32 patterns):
        // one no-face row in the CSV, no face in the window.
        facellava::ImageRGB pattern;
        pattern.width = pattern.height = 32;
        pattern.pixels.resize(32 * 32 * 3);
        for (size_t i = 0; i < pattern.pixels.size(); ++i)
            pattern.pixels[i] = uint8_t((i * 37) % 251);
        facellava::save_image_png(pattern, QDir(photos_).filePath("no_face.png").toStdString());
        names_ << "no_face.png";
        names_.sort();  // batch order: bytes of the path below the folder
        models_ = std::make_shared<facellava::ui::PerceptionModels>(
            facellava::AssetLocator::from_environment());
    }

    void faceApiDetectorAgreesWithTheCsv() { compareBoth(DetectorKind::FaceApiTiny); }
    void dlibDetectorAgreesWithTheCsv() { compareBoth(DetectorKind::DlibHog); }

    // Under OpenFace's numbering and py-feat's names (batch's --frame-base 1
    // --expression-names pyfeat, as the batch dialog and Settings offer them):
    // the photo's rows count from frame 1, its expression columns, read by
    // py-feat's words, hold the window's probabilities, and the answers panel
    // shows FaceLLaVA-Nano's expression label as faces.csv's
    // llava_expression_label names it: in py-feat's words, then in face-api's
    // once Settings ask for those.
    void pyFeatNamesAndFrameBaseOneAgreeWithTheCsv() {
        using facellava::pipeline::ExpressionNames;
        const QString folder = dir_.filePath("pyfeat");
        QVERIFY(QDir().mkpath(folder));
        const QString name = QFileInfo(uitest::demo_photo()).fileName();
        const QString photo = QDir(folder).filePath(name);
        QVERIFY(QFile::copy(uitest::demo_photo(), photo));
        const QString out = dir_.filePath("job_pyfeat");
        run_cli({"batch", folder, "-o", out, "--checkpoint", uitest::nano_checkpoint_dir(),
                 "--tasks", "expression", "--frame-base", "1", "--expression-names", "pyfeat",
                 "--quiet"});
        const auto csv = read_faces_csv(QDir(out).filePath("faces.csv"), kPyFeatColumns);
        QVERIFY2(csv.count(name) == 1, "faces.csv has no rows of the photo");
        const std::vector<Face>& printed = csv.at(name);
        QVERIFY2(!printed.empty(), "no face in faces.csv");
        for (const Face& face : printed)
            QCOMPARE(face.frame, int64_t(1));  // the photo's only frame, counted from 1
        const auto analysis = analyseInWindow(photo, DetectorKind::FaceApiTiny);
        QVERIFY(analysis);
        const QString vs_csv = difference(window_faces(*analysis), printed);
        QVERIFY2(vs_csv.isEmpty(), qPrintable("window vs faces.csv (py-feat's names): " + vs_csv));

        // The window, set as the batch was, asks Nano about the first face.
        const Face& first = printed.front();
        QVERIFY2(kPyFeatColumns.contains(first.expression_label),
                 qPrintable("llava_expression_label '" + first.expression_label +
                            "' is no py-feat expression"));
        uitest::Workbench bench(uitest::nano_checkpoint_dir());
        facellava::pipeline::OutputConventions conventions;
        conventions.frame_base = 1;
        conventions.expression_names = ExpressionNames::PyFeat;
        bench.settings->setOutputConventions(conventions);
        auto& window = *bench.window;
        QTRY_VERIFY_WITH_TIMEOUT(!window.model().isLoading() && window.model().engine(), 120000);
        auto* panel = window.analysisDock()->taskAnswers();
        for (const auto& task : facellava::pipeline::model_tasks())
            panel->taskBox(QString::fromUtf8(task.name))
                ->setChecked(QString::fromUtf8(task.name) == "expression");
        window.openFile(photo);
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 60000);
        QVERIFY(uitest::wait_idle(window));
        window.analysis().setSelectedFace(first.id);
        QTRY_VERIFY_WITH_TIMEOUT(panel->askButton()->isEnabled(), 60000);
        panel->ask();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 300000);
        QCOMPARE(panel->table()->rowCount(), 1);
        QCOMPARE(panel->table()->item(0, 0)->text(), QString("expression"));
        QCOMPARE(panel->table()->item(0, 1)->text(), first.expression_label);
        // Settings switch to face-api's words: the row shown follows.
        conventions.expression_names = ExpressionNames::FaceApi;
        bench.settings->setOutputConventions(conventions);
        QCOMPARE(panel->table()->item(0, 1)->text(),
                 kExpressionColumns[int(kPyFeatColumns.indexOf(first.expression_label))]);
    }

    // Over a video the plots (SeriesJob) follow each face by the id faces.csv
    // gives it: with every frame sampled, each frame has the CSV's ids, and
    // each id the CSV's age, expression and pose.
    void seriesFollowsTheCsvFaceIds() {
        constexpr int kFrames = 30;
        const QString folder = dir_.filePath("video");
        QVERIFY(QDir().mkpath(folder));
        const QString video = QDir(folder).filePath("clip.mp4");
        QVERIFY(QFile::copy(uitest::test_video(kFrames), video));
        const QString out = dir_.filePath("job_video");
        run_cli({"batch", folder, "-o", out, "--quiet"});
        const auto csv = read_faces_csv(QDir(out).filePath("faces.csv"));
        QVERIFY2(csv.count("clip.mp4") == 1, "faces.csv has no rows of the video");
        std::map<int64_t, std::map<int, Face>> csv_faces;  // frame → id → face
        for (const Face& face : csv.at("clip.mp4"))
            csv_faces[face.frame][face.id] = face;

        facellava::ui::Settings settings(dir_.filePath("settings.ini"));
        settings.setDetector(DetectorKind::FaceApiTiny);
        facellava::ui::SeriesJob job(models_, video, kFrames, settings.analysisOptions());
        QSignalSpy ready(&job, &facellava::ui::SeriesJob::seriesReady);
        job.start();
        QVERIFY(QTest::qWaitFor([&] { return !ready.isEmpty() || !job.isRunning(); }, 300000));
        QVERIFY2(!ready.isEmpty(), "the series job ended without a series");
        const auto series = ready.front().front().value<facellava::ui::TimeSeries>();
        QCOMPARE(int(series.samples.size()), kFrames);
        bool several = false;
        for (const auto& sample : series.samples) {
            const auto& expected = csv_faces[sample.frame];
            QStringList plotted, printed;
            for (const auto& [id, values] : sample.faces)
                plotted << QString::number(id);
            for (const auto& [id, face] : expected)
                printed << QString::number(id);
            QVERIFY2(plotted == printed,
                     qPrintable(QStringLiteral("frame %1: ids %2 plotted, %3 in "
                                               "faces.csv")
                                    .arg(sample.frame)
                                    .arg(plotted.join(' '), printed.join(' '))));
            several = several || plotted.size() >= 2;
            for (const auto& [id, values] : sample.faces) {
                const Face& face = expected.at(id);
                const QString where =
                    QStringLiteral("frame %1, face %2: ").arg(sample.frame).arg(id);
                QVERIFY2(agrees(values.age, face.age, 1), qPrintable(where + "age"));
                for (size_t e = 0; e < 7; ++e)
                    QVERIFY2(agrees(values.expression[e], face.expression[e], 4),
                             qPrintable(where + kExpressionColumns[int(e)]));
                QCOMPARE(values.has_pose, face.pose.has_value());
                if (values.has_pose)
                    QVERIFY2(agrees(values.yaw, (*face.pose)[0], 2) &&
                                 agrees(values.pitch, (*face.pose)[1], 2) &&
                                 agrees(values.roll, (*face.pose)[2], 2),
                             qPrintable(where + "pose"));
            }
        }
        QVERIFY2(several, "no frame with several faces: the ids went untested");
    }

    // The GUI's detector setting is read from the key and values every
    // version wrote ("analysis/detector" = "face-api" or "dlib"), and its
    // options choose the matching landmark model, as the CLI's flags would.
    void settingsKeepReadingTheStoredDetector() {
        const QString ini = dir_.filePath("old_settings.ini");
        {
            QSettings old(ini, QSettings::IniFormat);
            old.setValue("analysis/detector", "dlib");
            old.setValue("analysis/minFaceScore", 0.35);
            old.setValue("analysis/dlibAdjustThreshold", -0.25);
        }
        {
            facellava::ui::Settings settings(ini);
            QCOMPARE(settings.detector(), DetectorKind::DlibHog);
            const auto options = settings.analysisOptions();
            QCOMPARE(options.detector, DetectorKind::DlibHog);
            QCOMPARE(options.landmarks, facellava::pipeline::LandmarkKind::Dlib68);
            QCOMPARE(options.min_confidence, 0.35f);
            QCOMPARE(options.dlib_adjust_threshold, -0.25);
            settings.setDetector(DetectorKind::FaceApiTiny);
            settings.sync();
        }
        QSettings stored(ini, QSettings::IniFormat);
        QCOMPARE(stored.value("analysis/detector").toString(), QString("face-api"));
        facellava::ui::Settings reread(ini);
        QCOMPARE(reread.analysisOptions().landmarks, facellava::pipeline::LandmarkKind::FaceApi68);
        // The output conventions default as the CLI's, are stored in its
        // words, and a word this version does not know reads as the default.
        QCOMPARE(reread.outputConventions().frame_base, 0);
        QCOMPARE(reread.outputConventions().expression_names,
                 facellava::pipeline::ExpressionNames::FaceApi);
        facellava::pipeline::OutputConventions rafdb;
        rafdb.frame_base = 1;
        rafdb.expression_names = facellava::pipeline::ExpressionNames::RafDb;
        reread.setOutputConventions(rafdb);
        reread.sync();
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value("analysis/expressionNames").toString(),
                 QString("rafdb"));
        QCOMPARE(reread.analysisOptions().output.frame_base, 1);
        QCOMPARE(reread.analysisOptions().output.expression_names,
                 facellava::pipeline::ExpressionNames::RafDb);
        {
            QSettings later(ini, QSettings::IniFormat);
            later.setValue("analysis/expressionNames", "emotion-words-of-2030");
        }
        QCOMPARE(facellava::ui::Settings(ini).outputConventions().expression_names,
                 facellava::pipeline::ExpressionNames::FaceApi);
    }
};

int run_analysis_agreement_tests(int argc, char** argv) {
    AnalysisAgreementTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_analysis_agreement.moc"
