#include "support/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace facellava::ui {

QList<UiLanguage> available_languages() {
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

namespace {

// "de-AT" → "de"; "zh-Hans-CN", "zh-CN", "zh_SG" → "zh_CN" (Simplified);
// Traditional Chinese and everything else: "" (not shipped).
QString shipped_code(const QString& ui_language) {
    const QLocale locale(ui_language);
    switch (locale.language()) {
        case QLocale::English:
            return QStringLiteral("en");
        case QLocale::German:
            return QStringLiteral("de");
        case QLocale::Chinese:
            return locale.script() == QLocale::TraditionalChineseScript ? QString()
                                                                        : QStringLiteral("zh_CN");
        default:
            return {};
    }
}

}  // namespace

QString resolve_language(const QString& setting, const QStringList& ui_languages) {
    for (const auto& language : available_languages())
        if (language.code == setting)
            return setting;
    for (const QString& ui_language : ui_languages) {
        const QString code = shipped_code(ui_language);
        if (!code.isEmpty())
            return code;
    }
    return QStringLiteral("en");
}

Translations::Translations()
    : app_(std::make_unique<QTranslator>()), qt_(std::make_unique<QTranslator>()) {}

Translations::~Translations() {
    remove();
}

void Translations::remove() {
    if (app_installed_)
        QCoreApplication::removeTranslator(app_.get());
    if (qt_installed_)
        QCoreApplication::removeTranslator(qt_.get());
    app_installed_ = qt_installed_ = false;
    current_ = QStringLiteral("en");
}

bool Translations::install(const QString& code) {
    remove();
    if (code == QLatin1String("en"))
        return true;
    if (!app_->load(QStringLiteral(":/i18n/facellava_%1.qm").arg(code)))
        return false;
    app_installed_ = QCoreApplication::installTranslator(app_.get());
    // Qt's own strings (standard buttons, file dialogs) when the system has
    // them (Debian: qt6-translations-l10n).
    qt_installed_ = qt_->load(QStringLiteral("qtbase_") + code,
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                    QCoreApplication::installTranslator(qt_.get());
    if (app_installed_)
        current_ = code;
    return app_installed_;
}

}  // namespace facellava::ui
