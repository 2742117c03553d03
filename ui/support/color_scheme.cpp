#include "support/color_scheme.h"

#include <QApplication>
#include <QChart>
#include <QProcess>
#include <QStandardPaths>
#include <QStyleFactory>

namespace facellava::ui {

namespace {

QString gnome_color_scheme() {
    // Not every desktop has gsettings; none is not an error, just no hint.
    if (QStandardPaths::findExecutable(QStringLiteral("gsettings")).isEmpty())
        return {};
    QProcess process;
    process.start(QStringLiteral("gsettings"),
                  {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"),
                   QStringLiteral("color-scheme")});
    if (!process.waitForFinished(300)) {
        process.kill();
        process.waitForFinished(100);
        return {};
    }
    return process.exitCode() == 0 ? QString::fromUtf8(process.readAllStandardOutput()).trimmed()
                                   : QString();
}

}  // namespace

bool is_dark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

ColorScheme choose_color_scheme(const DesktopHints& hints, const QPalette& current) {
    const QString forced = hints.override_scheme.trimmed().toLower();
    if (forced == QLatin1String("dark"))
        return ColorScheme::Dark;
    if (forced == QLatin1String("light"))
        return ColorScheme::Light;
    if (hints.gnome_color_scheme.contains(QLatin1String("prefer-dark")))
        return ColorScheme::Dark;
    if (hints.gnome_color_scheme.contains(QLatin1String("prefer-light")))
        return ColorScheme::Light;
    const QString gtk = hints.gtk_theme.toLower();
    if (gtk.endsWith(QLatin1String(":dark")) || gtk.endsWith(QLatin1String("-dark")))
        return ColorScheme::Dark;
    return is_dark(current) ? ColorScheme::Dark : ColorScheme::Light;
}

QPalette dark_palette() {
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225);
    const QColor highlight(42, 130, 218), disabled(128, 128, 128);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight.lighter(130));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(125));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    return p;
}

ColorScheme apply_desktop_color_scheme(QApplication& app) {
    DesktopHints hints;
    hints.override_scheme = qEnvironmentVariable("FACELLAVA_COLOR_SCHEME");
    hints.gtk_theme = qEnvironmentVariable("GTK_THEME");
    if (hints.override_scheme.isEmpty())
        hints.gnome_color_scheme = gnome_color_scheme();
    const ColorScheme scheme = choose_color_scheme(hints, QApplication::palette());
    if (scheme == ColorScheme::Dark && !is_dark(QApplication::palette())) {
        // Fusion draws every control from the palette; native styles may not.
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(dark_palette());
    }
    return scheme;
}

void match_chart_to_palette(QChart* chart) {
    chart->setTheme(is_dark(QApplication::palette()) ? QChart::ChartThemeDark
                                                     : QChart::ChartThemeLight);
    chart->setBackgroundVisible(false);  // setTheme paints one; keep the widget's
}

}  // namespace facellava::ui
