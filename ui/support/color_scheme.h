// Light or dark, as the desktop asks. Qt 6.4 takes KDE's palette through its
// platform theme, but not GNOME's "prefer dark" setting or a dark GTK theme;
// those are read here and a dark Fusion palette applied. Qt Charts draws its
// own axes and labels, so charts are matched to the palette separately.
#pragma once

#include <QPalette>
#include <QString>

class QApplication;
class QChart;

namespace facellava::ui {

enum class ColorScheme { Light, Dark };

// What the desktop says, gathered by apply_desktop_color_scheme().
struct DesktopHints {
    QString override_scheme;     // FACELLAVA_COLOR_SCHEME: "light", "dark" or empty
    QString gnome_color_scheme;  // `gsettings get org.gnome.desktop.interface color-scheme`
    QString gtk_theme;           // GTK_THEME, e.g. "Adwaita:dark"
};

// FACELLAVA_COLOR_SCHEME wins, then GNOME's color-scheme ('prefer-dark' /
// 'prefer-light'), then a GTK theme named "…:dark" or "…-dark", then the
// palette Qt already has (KDE and Qt platform themes set their own).
ColorScheme choose_color_scheme(const DesktopHints& hints, const QPalette& current);
bool is_dark(const QPalette& palette);
// Fusion's roles in dark greys with a blue highlight; disabled text dimmed.
QPalette dark_palette();

// Reads the hints (gsettings limited to 300 ms) and, for Dark on a light
// palette, switches the application to Fusion with dark_palette(). Call once,
// before the first window is shown.
ColorScheme apply_desktop_color_scheme(QApplication& app);

// The chart's theme (axes, labels, grid, legend) after the application
// palette; its background stays transparent so the widget's shows through.
void match_chart_to_palette(QChart* chart);

}  // namespace facellava::ui
