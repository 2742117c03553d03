// The interface language: which translation of the workbench is installed.
// English is the source language (no .qm); German and Simplified Chinese are
// compiled from translations/*.ts into the resources under :/i18n.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

class QTranslator;

namespace facellava::ui {

struct UiLanguage {
    QString code;         // "en", "de", "zh_CN": the suffix of facellava_<code>.qm
    QString native_name;  // as the language calls itself: "Deutsch", "简体中文"
};

// The languages the workbench ships, English first.
QList<UiLanguage> available_languages();

// The language to show: `setting` when it names one we ship ("" = follow the
// system), else the first of `ui_languages` (QLocale::uiLanguages(), e.g.
// "de-AT", "zh-Hans-CN") we have, else "en".
QString resolve_language(const QString& setting, const QStringList& ui_languages);

// Holds the installed translators of the application (the workbench's own
// and Qt's qtbase strings when the system has them).
class Translations {
  public:
    Translations();
    ~Translations();
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    // Removes what was installed, then installs `code` ("en": nothing).
    // False when the workbench has no translation for it (English stays).
    bool install(const QString& code);
    // Back to the English source strings.
    void remove();
    QString current() const { return current_; }

  private:
    std::unique_ptr<QTranslator> app_;
    std::unique_ptr<QTranslator> qt_;
    bool app_installed_ = false;
    bool qt_installed_ = false;
    QString current_ = QStringLiteral("en");
};

}  // namespace facellava::ui
