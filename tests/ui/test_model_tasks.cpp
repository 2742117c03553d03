// Only what the model knows: with FaceLLaVA-Nano loaded (its config.json lists
// expression, age, gender, description) the task boxes of the answers panel
// and of the batch dialog leave action units, attributes and deepfake
// unchecked and disabled, with a tooltip naming config.json and the tasks it
// lists, and asking about a face gives only Nano's own answers; a checkpoint
// without the key (the tiny fixture) offers every task.
#include <QCheckBox>
#include <QDir>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

#include "dialogs/batch_dialog.h"
#include "jobs/model_service.h"
#include "models/analysis_state.h"
#include "widgets/task_answers_panel.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::BatchDialog;
using facellava::ui::TaskAnswersPanel;

namespace {

// The batch tasks (pipeline/model_tasks.h), split by what Nano's demo data
// taught it (training/demo_data.h: expression, age, gender, description).
const QStringList kNanoKnows = {"expression", "age"};
const QStringList kNanoDoesNotKnow = {"action_units", "attributes", "deepfake"};

}  // namespace

class ModelTasksTest : public QObject {
    Q_OBJECT
  private slots:
    void nanoDisablesTheTasksItWasNotTrainedFor() {
        uitest::Workbench bench(uitest::nano_checkpoint_dir());
        auto& window = *bench.window;
        QTRY_VERIFY_WITH_TIMEOUT(!window.model().isLoading() && window.model().engine(), 120000);
        auto* panel = window.findChild<TaskAnswersPanel*>();
        QVERIFY(panel);
        for (const QString& task : kNanoKnows) {
            QCheckBox* box = panel->taskBox(task);
            QVERIFY2(box, qPrintable(task));
            QVERIFY2(box->isEnabled() && box->isChecked(), qPrintable(task));
        }
        for (const QString& task : kNanoDoesNotKnow) {
            QCheckBox* box = panel->taskBox(task);
            QVERIFY2(box, qPrintable(task));
            QVERIFY2(!box->isEnabled() && !box->isChecked(), qPrintable(task));
            QVERIFY2(box->toolTip().contains("config.json"), qPrintable(box->toolTip()));
            QVERIFY2(box->toolTip().contains("expression, age, gender, description"),
                     qPrintable(box->toolTip()));
        }
        QVERIFY(panel->checkedTasks() == (std::vector<std::string>{"expression", "age"}));

        BatchDialog* batch = window.showBatchDialog();
        QVERIFY(batch);
        for (const QString& task : kNanoKnows) {
            auto* box = batch->findChild<QCheckBox*>("BatchTask_" + task);
            QVERIFY2(box && box->isEnabled(), qPrintable(task));
        }
        const QString config = QDir(uitest::nano_checkpoint_dir()).filePath("config.json");
        for (const QString& task : kNanoDoesNotKnow) {
            auto* box = batch->findChild<QCheckBox*>("BatchTask_" + task);
            QVERIFY2(box, qPrintable(task));
            QVERIFY2(!box->isEnabled() && !box->isChecked(), qPrintable(task));
            QVERIFY2(box->toolTip().contains(config), qPrintable(box->toolTip()));
        }

        // Asked about a face, Nano answers the checked tasks only.
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 60000);
        QVERIFY(uitest::wait_idle(window));
        window.analysis().setSelectedFace(0);
        QTRY_VERIFY_WITH_TIMEOUT(panel->askButton()->isEnabled(), 60000);
        panel->ask();
        QVERIFY(panel->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 120000);
        QCOMPARE(panel->table()->rowCount(), 2);
        QCOMPARE(panel->table()->item(0, 0)->text(), QString("expression"));
        QCOMPARE(panel->table()->item(1, 0)->text(), QString("age"));
    }

    void checkpointWithoutTheKeyOffersEveryTask() {
        uitest::Workbench bench(uitest::tiny_checkpoint_dir());
        auto& window = *bench.window;
        QTRY_VERIFY_WITH_TIMEOUT(!window.model().isLoading() && window.model().engine(), 120000);
        auto* panel = window.findChild<TaskAnswersPanel*>();
        QVERIFY(panel);
        for (const QString& task : kNanoKnows + kNanoDoesNotKnow) {
            QCheckBox* box = panel->taskBox(task);
            QVERIFY2(box && box->isEnabled() && box->isChecked(), qPrintable(task));
        }
        BatchDialog* batch = window.showBatchDialog();
        for (const QString& task : kNanoKnows + kNanoDoesNotKnow) {
            auto* box = batch->findChild<QCheckBox*>("BatchTask_" + task);
            QVERIFY2(box && box->isEnabled(), qPrintable(task));
        }
    }
};

int run_model_tasks_tests(int argc, char** argv) {
    ModelTasksTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_model_tasks.moc"
