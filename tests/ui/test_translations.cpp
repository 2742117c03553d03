// The interface language: choosing it from the setting or the desktop, the
// compiled translations (:/i18n) changing what a freshly built window shows,
// and the Language field of the Settings dialog.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

#include "dialogs/settings_dialog.h"
#include "settings/settings.h"
#include "support/translations.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::resolve_language;
using facellava::ui::Translations;

namespace {

// The texts of the menu bar's menus and of the File menu's first action.
struct MenuTexts {
    QStringList menus;
    QString first_file_action;
};

MenuTexts menu_texts() {
    uitest::Workbench bench;
    MenuTexts texts;
    const QList<QAction*> menus = bench.window->menuBar()->actions();
    for (QAction* menu : menus)
        texts.menus << menu->text();
    if (!menus.isEmpty() && menus.front()->menu() && !menus.front()->menu()->actions().isEmpty())
        texts.first_file_action = menus.front()->menu()->actions().front()->text();
    return texts;
}

}  // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

  private slots:
    void choosesTheSettingElseTheDesktopsLanguage() {
        QCOMPARE(resolve_language("", {"de-AT", "en-US"}), QString("de"));
        QCOMPARE(resolve_language("", {"fr-FR", "zh-Hans-CN"}), QString("zh_CN"));
        QCOMPARE(resolve_language("", {"zh-CN"}), QString("zh_CN"));
        QCOMPARE(resolve_language("", {"en-GB", "de-DE"}), QString("en"));
        // Traditional Chinese is not shipped: the next language the desktop lists.
        QCOMPARE(resolve_language("", {"zh-Hant-TW", "de"}), QString("de"));
        QCOMPARE(resolve_language("", {"fr-FR", "ja-JP"}), QString("en"));
        QCOMPARE(resolve_language("", {}), QString("en"));
        // The setting wins over the desktop; an unknown one is ignored.
        QCOMPARE(resolve_language("de", {"zh-CN"}), QString("de"));
        QCOMPARE(resolve_language("en", {"de-DE"}), QString("en"));
        QCOMPARE(resolve_language("klingon", {"zh-CN"}), QString("zh_CN"));
    }

    void freshWindowsShowTheInstalledLanguage() {
        const MenuTexts english = menu_texts();
        QCOMPARE(english.menus.value(0), QString("&File"));
        QCOMPARE(english.first_file_action, QString("&Open…"));

        Translations translations;
        QVERIFY(translations.install("de"));
        QCOMPARE(translations.current(), QString("de"));
        const MenuTexts german = menu_texts();
        QCOMPARE(german.menus.value(0), QString("&Datei"));
        QCOMPARE(german.menus.value(1), QString("&Bearbeiten"));
        QCOMPARE(german.first_file_action, QString("&Öffnen…"));

        QVERIFY(translations.install("zh_CN"));
        const MenuTexts chinese = menu_texts();
        QCOMPARE(chinese.menus.value(0), QString("文件(&F)"));
        QCOMPARE(chinese.menus.value(1), QString("编辑(&E)"));
        QCOMPARE(chinese.first_file_action, QString("打开(&O)…"));
        QCOMPARE(chinese.menus.size(), english.menus.size());
        for (int i = 0; i < english.menus.size(); ++i) {
            QVERIFY2(chinese.menus[i] != english.menus[i], qPrintable(english.menus[i]));
            QVERIFY2(german.menus[i] != english.menus[i], qPrintable(english.menus[i]));
        }

        // A language not shipped leaves English; removing goes back to it.
        QVERIFY(!translations.install("fr"));
        QCOMPARE(translations.current(), QString("en"));
        QCOMPARE(menu_texts().menus, english.menus);
        QVERIFY(translations.install("de"));
        translations.remove();
        QCOMPARE(menu_texts().menus, english.menus);
        QCOMPARE(menu_texts().first_file_action, QString("&Open…"));
    }

    void settingsDialogStoresTheLanguage() {
        QTemporaryDir dir;
        facellava::ui::Settings settings(dir.filePath("settings.ini"));
        QCOMPARE(settings.language(), QString());
        facellava::ui::SettingsDialog dialog(settings);
        QComboBox* language = dialog.languageField();
        QCOMPARE(language->currentData().toString(), QString());  // System
        QCOMPARE(language->count(), 4);
        language->setCurrentIndex(language->findData(QString("zh_CN")));
        QCOMPARE(language->currentText(), QString("简体中文"));
        dialog.apply();
        QCOMPARE(settings.language(), QString("zh_CN"));
        facellava::ui::SettingsDialog again(settings);
        QCOMPARE(again.languageField()->currentData().toString(), QString("zh_CN"));
    }
};

int run_translations_tests(int argc, char** argv) {
    TranslationsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_translations.moc"
