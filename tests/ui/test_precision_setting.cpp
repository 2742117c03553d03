// Settings ▸ Precision (issue #25): the LLM's weights as FaceLlavaEngine
// takes them (EngineOptions::weights). The combo offers the choices, the
// choice is stored (unknown values read as "auto"), ModelService passes it to
// the engine, and the window reloads the model when it changes.
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "dialogs/settings_dialog.h"
#include "facellava/model/engine.h"
#include "jobs/model_service.h"
#include "settings/settings.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::ModelService;
using facellava::ui::Settings;
using facellava::ui::SettingsDialog;

namespace {

QStringList item_data(const QComboBox& combo) {
    QStringList data;
    for (int i = 0; i < combo.count(); ++i)
        data << combo.itemData(i).toString();
    return data;
}

// Loads the tiny checkpoint on the CPU with `weights` and waits for it.
bool load_tiny(ModelService& service, const QString& weights) {
    service.load(uitest::tiny_checkpoint_dir(), "cpu", {}, weights);
    return QTest::qWaitFor([&] { return !service.isLoading(); }, 120000) &&
           service.engine() != nullptr;
}

}  // namespace

class PrecisionSettingTest : public QObject {
    Q_OBJECT
  private slots:
    void comboListsTheChoices() {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.ini"));
        SettingsDialog dialog(settings);
        auto* precision = dialog.findChild<QComboBox*>("Precision");
        QVERIFY(precision);
        QCOMPARE(precision, dialog.precisionField());
        QCOMPARE(item_data(*precision), QStringList({"auto", "fp32", "bf16", "fp16", "int8",
                                                     "int4-g128", "int4-g64", "int4-g32"}));
        QCOMPARE(precision->currentData().toString(), QString("auto"));
        QVERIFY(precision->itemText(0).startsWith("Automatic"));
        QVERIFY(precision->itemText(4).startsWith("int8"));
        QVERIFY(precision->itemText(5).contains("128"));
        QVERIFY(precision->toolTip().contains("Quantized weights"));
        // Beside Device, in the same box.
        QCOMPARE(precision->parentWidget(), dialog.deviceField()->parentWidget());
    }

    void choicePersists() {
        QTemporaryDir dir;
        const QString ini = dir.filePath("settings.ini");
        {
            Settings settings(ini);
            QCOMPARE(settings.weights(), QString("auto"));
            QSignalSpy changed(&settings, &Settings::checkpointChanged);
            SettingsDialog dialog(settings);
            auto* precision = dialog.precisionField();
            precision->setCurrentIndex(precision->findData(QString("int4-g64")));
            dialog.apply();
            QCOMPARE(settings.weights(), QString("int4-g64"));
            QCOMPARE(changed.count(), 1);  // reloads the model, as a new device does
            dialog.apply();
            QCOMPARE(changed.count(), 1);  // unchanged: no reload
            settings.sync();
        }
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value("model/weights").toString(),
                 QString("int4-g64"));
        Settings reopened(ini);
        QCOMPARE(reopened.weights(), QString("int4-g64"));
        SettingsDialog again(reopened);
        QCOMPARE(again.precisionField()->currentData().toString(), QString("int4-g64"));
    }

    void unknownStoredValueIsAuto() {
        QTemporaryDir dir;
        const QString ini = dir.filePath("settings.ini");
        {
            QSettings raw(ini, QSettings::IniFormat);
            raw.setValue("model/weights", "int3-g7");
        }
        Settings settings(ini);
        QCOMPARE(settings.weights(), QString("auto"));
        SettingsDialog dialog(settings);
        QCOMPARE(dialog.precisionField()->currentData().toString(), QString("auto"));
        settings.setWeights("nonsense");
        QCOMPARE(settings.weights(), QString("auto"));
    }

    void modelServicePassesTheWeights() {
        ModelService full;
        QVERIFY(load_tiny(full, "fp32"));
        QCOMPARE(full.engine()->info().weights, std::string("float32"));
        ModelService service;
        QVERIFY(load_tiny(service, "int8"));
        const auto& info = service.engine()->info();
        QCOMPARE(info.weights, std::string("int8"));
        QCOMPARE(info.device, std::string("cpu"));
        const QString summary = service.summary();
        QVERIFY2(
            summary.contains("LLM int8, " + facellava::ui::format_bytes(info.llm_weight_bytes)),
            qPrintable(summary));
        QVERIFY2(summary.contains("cpu float32"), qPrintable(summary));
        // The tiny LLM's sizes from its config.json: the linear layers'
        // weights, one scale per output row of each, and the embeddings and
        // RMSNorm weights that stay float32.
        QFile file(uitest::tiny_checkpoint_dir() + "/config.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(file.readAll()).object();
        const auto size = [&](const char* key, int64_t fallback = -1) {
            return config.contains(key) ? int64_t(config.value(key).toDouble()) : fallback;
        };
        const int64_t hidden = size("hidden_size"), layers = size("num_hidden_layers");
        const int64_t inter = size("intermediate_size"), vocab = size("vocab_size");
        const int64_t heads = size("num_attention_heads");
        const int64_t head_dim = size("head_dim", hidden / heads);
        const int64_t q_rows = heads * head_dim;
        const int64_t kv_rows = size("num_key_value_heads", heads) * head_dim;
        const bool tied = config.value("tie_word_embeddings").toBool(false);
        const int64_t head_rows = tied ? 0 : vocab;
        const int64_t linear =
            layers * (2 * q_rows * hidden + 2 * kv_rows * hidden + 3 * hidden * inter) +
            head_rows * hidden;
        const int64_t rows = layers * (2 * q_rows + 2 * kv_rows + 2 * inter + hidden) + head_rows;
        const int64_t rest = vocab * hidden + layers * 2 * hidden + hidden;
        QCOMPARE(full.engine()->info().llm_weight_bytes, 4 * (linear + rest));
        // int8: a byte per weight, a 16- or 32-bit scale per row.
        QVERIFY2(info.llm_weight_bytes >= linear + 2 * rows + 4 * rest &&
                     info.llm_weight_bytes <= linear + 4 * rows + 4 * rest,
                 qPrintable(QString("int8: %1 bytes").arg(info.llm_weight_bytes)));
    }

    void windowReloadsOnAChangedPrecision() {
        uitest::Workbench bench(uitest::tiny_checkpoint_dir());
        auto& model = bench.window->model();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.engine(), 120000);
        QCOMPARE(model.engine()->info().weights, std::string("float32"));
        bench.settings->setWeights("int8");
        QTRY_VERIFY_WITH_TIMEOUT(
            !model.isLoading() && model.engine() && model.engine()->info().weights == "int8",
            120000);
        QVERIFY2(bench.window->modelText().contains("LLM int8"),
                 qPrintable(bench.window->modelText()));
    }
};

int run_precision_setting_tests(int argc, char** argv) {
    PrecisionSettingTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_precision_setting.moc"
