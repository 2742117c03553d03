// Light/dark: the decision from the desktop's hints, the dark palette, and
// charts following the application palette.
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QtTest>

#include "support/color_scheme.h"
#include "widgets/series_chart.h"

using facellava::ui::ColorScheme;
using facellava::ui::DesktopHints;

class ColorSchemeTest : public QObject {
    Q_OBJECT

  private slots:
    void followsTheDesktopsHintsInOrder() {
        const QPalette light;  // Qt's default: light
        QVERIFY(!facellava::ui::is_dark(light));
        const auto choose = [&](DesktopHints h) {
            return facellava::ui::choose_color_scheme(h, light);
        };
        QCOMPARE(choose({}), ColorScheme::Light);
        QCOMPARE(choose({"", "'prefer-dark'", ""}), ColorScheme::Dark);
        QCOMPARE(choose({"", "'prefer-light'", "Adwaita:dark"}), ColorScheme::Light);
        QCOMPARE(choose({"", "'default'", "Adwaita:dark"}), ColorScheme::Dark);
        QCOMPARE(choose({"", "", "Arc-Dark"}), ColorScheme::Dark);
        QCOMPARE(choose({"light", "'prefer-dark'", "Adwaita:dark"}), ColorScheme::Light);
        QCOMPARE(choose({"DARK", "", ""}), ColorScheme::Dark);
        // A platform theme (KDE) that already applied a dark palette is kept.
        QCOMPARE(facellava::ui::choose_color_scheme({}, facellava::ui::dark_palette()),
                 ColorScheme::Dark);
    }

    void darkPaletteIsDarkAndReadable() {
        const QPalette dark = facellava::ui::dark_palette();
        QVERIFY(facellava::ui::is_dark(dark));
        QVERIFY(dark.color(QPalette::WindowText).lightness() > 180);
        QVERIFY(dark.color(QPalette::Text).lightness() - dark.color(QPalette::Base).lightness() >
                150);
        QVERIFY(dark.color(QPalette::Disabled, QPalette::Text).lightness() <
                dark.color(QPalette::Active, QPalette::Text).lightness());
    }

    void chartsFollowTheApplicationPalette() {
        const QPalette saved = QApplication::palette();
        QApplication::setPalette(facellava::ui::dark_palette());
        {
            facellava::ui::SeriesChart chart;
            auto* c = chart.findChild<QChartView*>()->chart();
            QCOMPARE(c->theme(), QChart::ChartThemeDark);
            QVERIFY(!c->isBackgroundVisible());
        }
        QApplication::setPalette(saved);
        facellava::ui::SeriesChart chart;
        QCOMPARE(chart.findChild<QChartView*>()->chart()->theme(), QChart::ChartThemeLight);
    }
};

int run_color_scheme_tests(int argc, char** argv) {
    ColorSchemeTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_color_scheme.moc"
