// The optional per-face outputs in the workbench (issue #28): Settings and the
// batch dialog offer the four outputs and pass them into the analysis
// options; the overlay draws the mesh's points and a gaze arrow per eye where
// the record puts them; the Analysis panel shows identity, gaze, eye openness
// and the presentation-attack scores only for a face that has them; the faces
// table groups faces by identity. Expected pixels and arrows are computed
// here from the record (its mesh, its gaze vectors), not read from the code
// under test.
#include <QCheckBox>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "dialogs/batch_dialog.h"
#include "dialogs/settings_dialog.h"
#include "docks/analysis_dock.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/face_record.h"
#include "jobs/model_service.h"
#include "models/analysis_state.h"
#include "models/face_records.h"
#include "models/faces_model.h"
#include "settings/settings.h"
#include "widgets/face_outputs_panel.h"
#include "widgets/optional_outputs_box.h"
#include "widgets/overlay_item.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

namespace ui = facellava::ui;
namespace pipeline = facellava::pipeline;

namespace {

constexpr int kImageSize = 200;
constexpr int kMeshPoints = 478;
constexpr double kDegreesPerRadian = 180.0 / 3.14159265358979323846;

bool same(const pipeline::OptionalOutputs& a, const pipeline::OptionalOutputs& b) {
    return a.mesh == b.mesh && a.gaze == b.gaze && a.identity == b.identity && a.pad == b.pad;
}

QString describe(const pipeline::OptionalOutputs& o) {
    return QStringLiteral("mesh %1 gaze %2 identity %3 pad %4")
        .arg(o.mesh)
        .arg(o.gaze)
        .arg(o.identity)
        .arg(o.pad);
}

std::array<double, 3> unit(double x, double y, double z) {
    const double n = std::sqrt(x * x + y * y + z * z);
    return {x / n, y / n, z / n};
}

// A face whose 478 mesh points lie on a 22 × 22 grid 7 px apart (fractional
// offsets, so rounding is exercised), the irises where two eyes would be, and
// a gaze up and to the image's right.
pipeline::FaceRecord face_with_mesh_and_gaze() {
    pipeline::FaceRecord record;
    record.success = true;
    record.face_id = 0;
    record.confidence = 0.9f;
    record.box = {10, 10, 180, 180, 0.9f};
    for (int i = 0; i < kMeshPoints; ++i)
        record.mesh.push_back({float(20.3 + 7 * (i % 22)), float(20.6 + 7 * (i / 22)), 0.f});
    record.mesh[468] = {70.4f, 120.7f, 0.f};   // the subject's right iris: left in the image
    record.mesh[473] = {131.2f, 121.9f, 0.f};  // the subject's left iris
    facellava::Gaze gaze;
    gaze.eye_0.direction = unit(0.5, -0.3, -0.8);
    gaze.eye_1.direction = unit(0.4, -0.2, -0.9);
    gaze.angle_x = 0.3;
    gaze.angle_y = -0.2;
    record.gaze = gaze;
    return record;
}

ui::FrameAnalysis analysis_of(const pipeline::FaceRecord& record, const ui::FrameKey& key) {
    return ui::to_frame_analysis({record}, key, QSize(kImageSize, kImageSize),
                                 pipeline::DetectorKind::FaceApiTiny);
}

// The overlay of `analysis` with only `shown` visible (at `opacity`, or the
// layer's default when negative), on a transparent image.
QImage render(const ui::FrameAnalysis& analysis, ui::OverlayLayer shown, double opacity = 1.0) {
    ui::OverlayItem item;
    item.setImageSize(QSize(kImageSize, kImageSize));
    item.setDisplayedFrame(analysis.key);
    item.setAnalysis(analysis);
    ui::OverlayOptions options;
    for (auto& layer : options.layers)
        layer.visible = false;
    options[shown].visible = true;
    if (opacity >= 0)
        options[shown].opacity = opacity;
    item.setOptions(options);
    QImage image(kImageSize, kImageSize, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    item.paint(&painter, nullptr, nullptr);
    painter.end();
    return image;
}

QColor at(const QImage& image, QPointF p) {
    return image.pixelColor(int(std::floor(p.x())), int(std::floor(p.y())));
}

ui::FaceResult face(int id, const QString& identity) {
    ui::FaceResult f;
    f.face_id = id;
    f.box = QRectF(10 * id, 10, 8, 8);
    f.identity = identity;
    f.identity_similarity = identity.isEmpty() ? 0.f : 0.9f;
    return f;
}

}  // namespace

class FaceOutputsTest : public QObject {
    Q_OBJECT
  private slots:
    void settingsPassTheOutputsIntoTheAnalysisOptions() {
        // Each output on its own (crossed wires show), then all, then none.
        const pipeline::OptionalOutputs choices[] = {
            {true, false, false, false}, {false, true, false, false}, {false, false, true, false},
            {false, false, false, true}, {true, true, true, true},    {false, false, false, false}};
        QTemporaryDir dir;
        const QString ini = dir.filePath("settings.ini");
        ui::Settings settings(ini);
        QVERIFY(!settings.analysisOptions().output.outputs.any());  // none by default
        QSignalSpy changed(&settings, &ui::Settings::analysisOutputsChanged);
        int expected_signals = 0;
        pipeline::OptionalOutputs before;
        for (const auto& choice : choices) {
            ui::SettingsDialog dialog(settings);
            auto* box = dialog.optionalOutputsField();
            QVERIFY(box);
            QVERIFY(same(box->outputs(), before));  // the dialog shows what is stored
            box->checkBox("mesh")->setChecked(choice.mesh);
            box->checkBox("gaze")->setChecked(choice.gaze);
            box->checkBox("identity")->setChecked(choice.identity);
            box->checkBox("pad")->setChecked(choice.pad);
            dialog.apply();
            const auto options = settings.analysisOptions();
            QVERIFY2(same(options.output.outputs, choice),
                     qPrintable(describe(options.output.outputs) + " vs " + describe(choice)));
            expected_signals += same(choice, before) ? 0 : 1;
            QCOMPARE(changed.count(), expected_signals);
            dialog.apply();  // unchanged: no new analysis
            QCOMPARE(changed.count(), expected_signals);
            before = choice;
        }
        // Stored in the CLI's --outputs words, read back by a new Settings.
        settings.setOutputConventions(
            {0, pipeline::ExpressionNames::PyFeat, {true, false, true, false}});
        settings.sync();
        const QString stored =
            QSettings(ini, QSettings::IniFormat).value("analysis/outputs").toString();
        QVERIFY2(same(pipeline::parse_optional_outputs(stored.toStdString()),
                      {true, false, true, false}),
                 qPrintable(stored));
        ui::Settings reopened(ini);
        QVERIFY(same(reopened.analysisOptions().output.outputs, {true, false, true, false}));
        QCOMPARE(reopened.outputConventions().expression_names, pipeline::ExpressionNames::PyFeat);
        // A value this version does not know reads as none.
        QSettings(ini, QSettings::IniFormat).setValue("analysis/outputs", "mesh,telepathy");
        QVERIFY(!ui::Settings(ini).outputConventions().outputs.any());
    }

    void batchDialogPassesTheOutputsIntoBatchOptions() {
        QTemporaryDir dir;
        ui::Settings settings(dir.filePath("settings.ini"));
        settings.setOutputConventions(
            {0, pipeline::ExpressionNames::FaceApi, {false, true, false, false}});
        ui::ModelService model;
        ui::BatchDialog dialog(model, settings);
        auto* box = dialog.findChild<ui::OptionalOutputsBox*>("BatchOptionalOutputs");
        QVERIFY(box);
        // Starts from Settings.
        QVERIFY(same(dialog.batchOptions().analysis.output.outputs, {false, true, false, false}));
        box->checkBox("gaze")->setChecked(false);
        box->checkBox("identity")->setChecked(true);
        box->checkBox("pad")->setChecked(true);
        QVERIFY(same(dialog.batchOptions().analysis.output.outputs, {false, false, true, true}));
        box->checkBox("mesh")->setChecked(true);
        QVERIFY(same(dialog.batchOptions().analysis.output.outputs, {true, false, true, true}));
        // Choosing in the dialog does not change the window's own outputs.
        QVERIFY(same(settings.outputConventions().outputs, {false, true, false, false}));
    }

    void overlayDrawsTheMeshPoints() {
        const auto record = face_with_mesh_and_gaze();
        const ui::FrameKey key{"/tmp/face.png", 0};
        const ui::FrameAnalysis analysis = analysis_of(record, key);
        const QImage image = render(analysis, ui::OverlayLayer::Mesh);
        for (int i = 0; i < kMeshPoints; ++i) {
            const QPointF p(record.mesh[size_t(i)][0], record.mesh[size_t(i)][1]);
            const QColor c = at(image, p);
            QVERIFY2(c.alpha() > 200 && c.blue() > 150 && c.red() < 100,
                     qPrintable(QString("mesh point %1 at (%2, %3): %4")
                                    .arg(i)
                                    .arg(p.x())
                                    .arg(p.y())
                                    .arg(c.name(QColor::HexArgb))));
        }
        // Small dots: nothing half-way between grid neighbours, nothing off the face.
        for (int i : {0, 100, 200, 300}) {
            const QPointF between(record.mesh[size_t(i)][0] + 3.5, record.mesh[size_t(i)][1]);
            QCOMPARE(at(image, between).alpha(), 0);
        }
        QCOMPARE(image.pixelColor(5, 5).alpha(), 0);
        // Semi-transparent by default.
        const QImage by_default = render(analysis, ui::OverlayLayer::Mesh, -1);
        const int alpha = at(by_default, {record.mesh[0][0], record.mesh[0][1]}).alpha();
        QVERIFY2(alpha > 90 && alpha < 170, qPrintable(QString::number(alpha)));
        // No mesh, no dots; and not on another frame.
        pipeline::FaceRecord bare = record;
        bare.mesh.clear();
        bare.gaze.reset();
        QCOMPARE(render(analysis_of(bare, key), ui::OverlayLayer::Mesh),
                 render(ui::FrameAnalysis{}, ui::OverlayLayer::Mesh));
    }

    void overlayDrawsAGazeArrowPerEye() {
        const auto record = face_with_mesh_and_gaze();
        const ui::FrameAnalysis analysis = analysis_of(record, {"/tmp/face.png", 0});
        const QImage image = render(analysis, ui::OverlayLayer::Gaze);
        // Expected: from each iris centre (468 is the leftmost here: eye 0),
        // along the direction's image-plane part (x, y) times the distance
        // between the iris centres.
        const QPointF iris[2] = {{record.mesh[468][0], record.mesh[468][1]},
                                 {record.mesh[473][0], record.mesh[473][1]}};
        const double eye_distance =
            std::hypot(iris[1].x() - iris[0].x(), iris[1].y() - iris[0].y());
        const facellava::EyeGaze* eyes[2] = {&record.gaze->eye_0, &record.gaze->eye_1};
        for (int e = 0; e < 2; ++e) {
            const QPointF step(eyes[e]->direction[0] * eye_distance,
                               eyes[e]->direction[1] * eye_distance);
            for (double t : {0.3, 0.5, 0.7, 0.9}) {
                const QColor c = at(image, iris[e] + t * step);
                QVERIFY2(
                    c.alpha() > 100 && c.red() > 180 && c.green() > 150 && c.blue() < 100,
                    qPrintable(
                        QString("eye %1, t %2: %3").arg(e).arg(t).arg(c.name(QColor::HexArgb))));
            }
            // Its length and its direction: nothing beyond the tip or behind the eye.
            QCOMPARE(at(image, iris[e] + 1.5 * step).alpha(), 0);
            QCOMPARE(at(image, iris[e] - 0.5 * step).alpha(), 0);
        }
        // The gaze layer draws no mesh points.
        const QPointF corner(record.mesh[0][0], record.mesh[0][1]);
        QCOMPARE(at(image, corner).alpha(), 0);
        // Angles in degrees, as the panel shows them.
        QVERIFY(std::abs(analysis.faces[0].gaze->angle_x - 0.3 * kDegreesPerRadian) < 1e-9);
        QVERIFY(std::abs(analysis.faces[0].gaze->angle_y + 0.2 * kDegreesPerRadian) < 1e-9);
    }

    void gazeArrowsWithoutAMeshStartAtTheProjectedPupils() {
        // Gaze measured but the mesh not kept: the pupils (camera frame, mm)
        // through OpenFace's camera guess: f = (500 · W / 640 + 500 · H / 480) / 2,
        // principal point the image centre. A 640 × 480 frame: f = 500.
        pipeline::FaceRecord record = face_with_mesh_and_gaze();
        record.mesh.clear();
        record.gaze->eye_0.pupil = {-30, -5, 600};
        record.gaze->eye_1.pupil = {30, -4, 600};
        const auto analysis = ui::to_frame_analysis({record}, {"/tmp/f.png", 0}, QSize(640, 480),
                                                    pipeline::DetectorKind::FaceApiTiny);
        QCOMPARE(analysis.faces.size(), size_t(1));
        QVERIFY(analysis.faces[0].mesh.empty());
        const auto& arrows = analysis.faces[0].gaze->arrows;
        const QPointF from0(320 + 500 * -30.0 / 600, 240 + 500 * -5.0 / 600);
        const QPointF from1(320 + 500 * 30.0 / 600, 240 + 500 * -4.0 / 600);
        const double length = std::hypot(from1.x() - from0.x(), from1.y() - from0.y());
        const auto near = [](QPointF a, QPointF b) {
            return std::hypot(a.x() - b.x(), a.y() - b.y()) < 1e-6;
        };
        QVERIFY(near(arrows[0].from, from0));
        QVERIFY(near(arrows[1].from, from1));
        const auto& d0 = record.gaze->eye_0.direction;
        QVERIFY(near(arrows[0].to, from0 + QPointF(d0[0], d0[1]) * length));
        // A mirrored mesh (the subject's right iris on the image's right):
        // eye 0 still starts at the leftmost iris.
        pipeline::FaceRecord mirrored = face_with_mesh_and_gaze();
        std::swap(mirrored.mesh[468], mirrored.mesh[473]);
        const auto flipped = analysis_of(mirrored, {"/tmp/f.png", 0});
        QVERIFY(near(flipped.faces[0].gaze->arrows[0].from,
                     QPointF(mirrored.mesh[473][0], mirrored.mesh[473][1])));
    }

    void panelShowsOnlyTheRowsAFaceHas() {
        ui::FaceOutputsPanel panel;
        panel.show();
        ui::FaceResult with = face(3, "person_2");
        with.identity_similarity = 0.934f;
        with.antispoof = 0.81f;
        with.liveness = 0.67f;
        panel.setFace(&with);
        QVERIFY(panel.isVisible());
        QVERIFY(panel.rowShown(panel.identityField()));
        QVERIFY(panel.identityField()->text().contains("person_2"));
        QVERIFY(panel.identityField()->text().contains("0.93"));
        QVERIFY(panel.rowShown(panel.padField()));
        QVERIFY(panel.padField()->text().contains("0.81"));
        QVERIFY(panel.padField()->text().contains("0.67"));
        QVERIFY(panel.padField()->text().contains(
            "presentation-attack scores (not deepfake detection)"));
        QVERIFY(!panel.rowShown(panel.gazeField()));  // not measured
        QVERIFY(!panel.rowShown(panel.eyesField()));
        with.gaze = ui::GazeResult{12.34, -5.0, {}};
        with.eye_openness_right = 0.31f;
        with.eye_openness_left = 0.05f;
        panel.setFace(&with);
        QVERIFY(panel.rowShown(panel.gazeField()));
        QVERIFY2(panel.gazeField()->text().contains("12.3°"),
                 qPrintable(panel.gazeField()->text()));
        QVERIFY(panel.eyesField()->text().contains("0.31"));
        QVERIFY(panel.eyesField()->text().contains("0.05"));
        const ui::FaceResult without = face(4, QString());
        panel.setFace(&without);
        for (QLabel* field :
             {panel.identityField(), panel.gazeField(), panel.eyesField(), panel.padField()})
            QVERIFY(!panel.rowShown(field));
        QVERIFY(!panel.isVisible());
        panel.setFace(nullptr);
        QVERIFY(!panel.isVisible());
    }

    void facesTableGroupsFacesByIdentity() {
        ui::AnalysisState state;
        ui::FacesModel model(state);
        ui::FrameAnalysis analysis;
        analysis.key = {"/tmp/group.png", 0};
        analysis.faces = {face(0, "person_2"), face(1, "person_1"), face(2, ""),
                          face(3, "person_10"), face(4, "person_1")};
        state.setAnalysis(analysis);
        const int order[] = {1, 4, 0, 3, 2};
        QCOMPARE(model.rowCount(), 5);
        for (int row = 0; row < 5; ++row) {
            QCOMPARE(model.data(model.index(row, 0), ui::FacesModel::FaceIdRole).toInt(),
                     order[row]);
            QCOMPARE(model.rowOfFace(order[row]), row);
        }
        QCOMPARE(model.data(model.index(0, 0)).toString(), QString("person_1 · face 1"));
        QCOMPARE(model.data(model.index(3, 0)).toString(), QString("person_10 · face 3"));
        QCOMPARE(model.data(model.index(4, 0)).toString(), QString("2"));  // no identity: the id
    }

    void windowMeasuresTheOutputsWhenSwitchedOn() {
        uitest::Workbench bench;
        ui::MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        QVERIFY(uitest::wait_idle(window));
        QVERIFY(!window.analysis().analysis().faces.empty());
        for (const auto& f : window.analysis().analysis().faces)
            QVERIFY(f.mesh.empty() && !f.gaze && f.identity.isEmpty() && !f.antispoof);
        auto* panel = window.analysisDock()->faceOutputs();
        window.analysis().setSelectedFace(window.analysis().analysis().faces[0].face_id);
        QVERIFY(!panel->isVisibleTo(window.analysisDock()));
        // Switching the outputs on analyses the frame again, with them.
        auto conventions = bench.settings->outputConventions();
        conventions.outputs = {true, true, true, true};
        bench.settings->setOutputConventions(conventions);
        const auto any_mesh = [&window] {
            for (const auto& f : window.analysis().analysis().faces)
                if (!f.mesh.empty())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(any_mesh(), 180000);
        QVERIFY(uitest::wait_idle(window));
        const auto& faces = window.analysis().analysis().faces;
        int with_mesh = 0, with_gaze = 0;
        for (const auto& f : faces) {
            // 478 points or none (a face whose irises the mesh net did not find).
            QVERIFY(f.mesh.empty() || int(f.mesh.size()) == kMeshPoints);
            QVERIFY(f.identity.startsWith("person_"));
            QVERIFY(f.antispoof && f.liveness);
            with_mesh += f.mesh.empty() ? 0 : 1;
            with_gaze += f.gaze ? 1 : 0;
        }
        QVERIFY2(
            with_mesh * 2 >= int(faces.size()),
            qPrintable(QString("%1 of %2 faces have a mesh").arg(with_mesh).arg(faces.size())));
        QVERIFY(with_gaze > 0);
        qInfo("%d faces: %d with a mesh, %d with gaze", int(faces.size()), with_mesh, with_gaze);
        window.analysis().setSelectedFace(faces[0].face_id);
        QVERIFY(panel->isVisibleTo(window.analysisDock()));
        QVERIFY(panel->rowShown(panel->identityField()));
        QVERIFY(panel->identityField()->text().contains(faces[0].identity));
        QVERIFY(panel->rowShown(panel->padField()));
        // The faces table labels each face with its person.
        const auto* table = window.analysisDock()->facesTable()->model();
        QVERIFY2(table->index(0, 0).data().toString().startsWith("person_1 · face "),
                 qPrintable(table->index(0, 0).data().toString()));
    }
};

int run_face_outputs_tests(int argc, char** argv) {
    FaceOutputsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_face_outputs.moc"
