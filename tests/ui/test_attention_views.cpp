// The FRGCA attention overlay: the default view colours each patch by the
// region it attends to most (checked pixel by pixel against the tiny model's
// own weights), one region's map sits on a fixed 0–1 scale, a head can be
// picked, and the controls offer heads and show the matching legend.
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>
#include <array>
#include <cmath>
#include <set>

#include "facellava/model/attention_views.h"
#include "facellava/model/engine.h"
#include "facellava/model/face_regions.h"
#include "models/frame_analysis.h"
#include "settings/settings.h"
#include "widgets/attention_images.h"
#include "widgets/attention_legend.h"
#include "widgets/overlay_controls.h"
#include "widgets/overlay_item.h"
#include "widgets/region_colors.h"
#include "workbench_fixtures.h"

using namespace facellava;
using facellava::model::RegionAttentionMap;

namespace {

// A face crop with landmarks spread over it, as tests/model/test_engine.cpp uses.
model::FaceFrame synthetic_face(int side) {
    model::FaceFrame frame;
    frame.crop.width = frame.crop.height = side;
    frame.crop.pixels.resize(size_t(side) * size_t(side) * 3);
    for (size_t i = 0; i < frame.crop.pixels.size(); ++i)
        frame.crop.pixels[i] = uint8_t((i * 7 + 2) % 251);
    std::array<float, 136> landmarks{};
    for (int i = 0; i < 68; ++i) {
        landmarks[size_t(2 * i)] = 0.2f + 0.6f * float(i % 17) / 16.0f;
        landmarks[size_t(2 * i + 1)] = 0.2f + 0.6f * float(i / 17) / 4.0f;
    }
    frame.landmarks = landmarks;
    return frame;
}

// Nine maps on a grid × grid patch grid; head h of region r at cell c is
// weight(h, r, c), and `values` is the mean over heads.
template <typename Weight>
std::vector<RegionAttentionMap> maps_of(int grid, int heads, Weight weight) {
    std::vector<RegionAttentionMap> maps(model::kNumFaceRegions);
    const int cells = grid * grid;
    for (int r = 0; r < model::kNumFaceRegions; ++r) {
        auto& map = maps[size_t(r)];
        map.region = model::kFaceRegions[r].name;
        map.grid = grid;
        map.values.assign(size_t(cells), 0.0f);
        map.heads.assign(size_t(heads), std::vector<float>(size_t(cells)));
        for (int h = 0; h < heads; ++h)
            for (int c = 0; c < cells; ++c) {
                map.heads[size_t(h)][size_t(c)] = weight(h, r, c);
                map.values[size_t(c)] += weight(h, r, c) / float(heads);
            }
    }
    return maps;
}

// The region with the largest weight at `cell`, and that weight.
std::pair<int, float> argmax(const std::vector<RegionAttentionMap>& maps, size_t cell, int head) {
    int best = 0;
    auto at = [&](int r) {
        const auto& m = maps[size_t(r)];
        return head < 0 ? m.values[cell] : m.heads[size_t(head)][cell];
    };
    for (int r = 1; r < model::kNumFaceRegions; ++r)
        if (at(r) > at(best))
            best = r;
    return {best, at(best)};
}

// The documented opacity: clear at 1/9 (no preference), solid at 1.
int expected_alpha(float strength) {
    const float t = std::clamp((strength - 1.0f / 9.0f) / (8.0f / 9.0f), 0.0f, 1.0f);
    return int(255.0f * t + 0.5f);
}

// Every pixel of a dominant-region image against the maps it was drawn from.
void verify_dominant_image(const QImage& image, const std::vector<RegionAttentionMap>& maps,
                           int head) {
    const int grid = maps.front().grid;
    QCOMPARE(image.size(), QSize(grid, grid));
    for (int y = 0; y < grid; ++y)
        for (int x = 0; x < grid; ++x) {
            const auto [region, strength] = argmax(maps, size_t(y * grid + x), head);
            const QRgb pixel = image.pixel(x, y);
            const QColor want = ui::region_color(region);
            QVERIFY2(qRed(pixel) == want.red() && qGreen(pixel) == want.green() &&
                         qBlue(pixel) == want.blue(),
                     qPrintable(
                         QString("patch (%1, %2) should be region %3").arg(x).arg(y).arg(region)));
            QVERIFY(std::abs(qAlpha(pixel) - expected_alpha(strength)) <= 1);
        }
}

}  // namespace

class AttentionViewTest : public QObject {
    Q_OBJECT
  private slots:
    void defaultViewOnTheTinyModelIsTheArgmaxPerPatch() {
        auto engine = model::FaceLlavaEngine::load(uitest::tiny_checkpoint_dir().toStdString());
        const auto maps = engine->attention_maps(synthetic_face(32));
        QCOMPARE(int(maps.size()), model::kNumFaceRegions);
        const QImage image = ui::dominant_region_image(maps, model::kMeanOfHeads);
        verify_dominant_image(image, maps, model::kMeanOfHeads);
        if (QTest::currentTestFailed())
            return;
        // Not one colour everywhere, as the old "sum of the nine maps" was.
        std::set<QRgb> colors;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                colors.insert(image.pixel(x, y) | 0xff000000u);
        QVERIFY(colors.size() > 1);

        // The overlay draws exactly that by default.
        ui::OverlayItem overlay;
        ui::FaceAttention attention;
        attention.maps = maps;
        overlay.setAttention(attention);
        QCOMPARE(overlay.options().heatmap_region, -1);
        QCOMPARE(overlay.options().heatmap_head, model::kMeanOfHeads);
        QCOMPARE(overlay.heatImage(), image);
    }

    void regionMapUsesTheFixedZeroToOneScale() {
        // Two maps with different ranges share the weights 0.25 and 0.5.
        auto wide = maps_of(2, 1, [](int, int, int c) {
            return std::array{0.1f, 0.25f, 0.5f, 0.9f}[size_t(c)];
        });
        auto narrow = maps_of(2, 1, [](int, int, int c) {
            return std::array{0.0f, 0.25f, 0.5f, 0.3f}[size_t(c)];
        });
        const QImage a = ui::region_weight_image(wide[3], model::kMeanOfHeads);
        const QImage b = ui::region_weight_image(narrow[3], model::kMeanOfHeads);
        QCOMPARE(a.size(), QSize(2, 2));
        // Same weight, same colour, whatever else the map holds.
        QCOMPARE(a.pixel(1, 0), b.pixel(1, 0));  // 0.25
        QCOMPARE(a.pixel(0, 1), b.pixel(0, 1));  // 0.5
        // Each map's maximum is not stretched to the top of the scale.
        QVERIFY(a.pixel(1, 1) != b.pixel(0, 1));
        // The scale: hue 240° (blue) at 0 to 0° (red) at 1, opacity growing with the weight.
        for (float w : {0.0f, 0.25f, 0.5f, 0.9f, 1.0f}) {
            const QColor c = ui::attention_scale_color(w);
            QVERIFY2(std::abs(c.hsvHueF() - 0.66f * (1 - w)) < 0.01f,
                     qPrintable(QString("hue at %1").arg(w)));
        }
        QVERIFY(ui::attention_scale_color(0.0f).alpha() < ui::attention_scale_color(0.5f).alpha());
        QCOMPARE(ui::attention_scale_color(1.0f).alpha(), 255);
        QCOMPARE(a.pixel(1, 1), ui::attention_scale_color(0.9f).rgba());
        // Outside 0…1 (it cannot happen for softmax weights) clamps to the ends.
        QCOMPARE(ui::attention_scale_color(1.5f).rgba(), ui::attention_scale_color(1.0f).rgba());
    }

    void headSelectionShowsThatHead() {
        // Head 0 prefers the jaw everywhere, head 1 region (cell mod 9), with
        // different strengths, so the mean and each head differ.
        constexpr int grid = 3, heads = 2;
        auto weight = [](int h, int r, int c) {
            const int favourite = h == 0 ? 0 : c % model::kNumFaceRegions;
            const float top = h == 0 ? 0.6f : 0.3f + 0.05f * float(c);
            return r == favourite ? top : (1.0f - top) / 8.0f;
        };
        const auto maps = maps_of(grid, heads, weight);
        QCOMPARE(model::attention_head_count(maps), heads);
        for (int head : {model::kMeanOfHeads, 0, 1}) {
            verify_dominant_image(ui::dominant_region_image(maps, head), maps, head);
            const QImage one = ui::region_weight_image(maps[4], head);
            for (int c = 0; c < grid * grid; ++c) {
                const float w = head < 0 ? maps[4].values[size_t(c)] : weight(head, 4, c);
                QCOMPARE(one.pixel(c % grid, c / grid), ui::attention_scale_color(w).rgba());
            }
        }
        QVERIFY(ui::dominant_region_image(maps, 1) != ui::dominant_region_image(maps, 0));
        QVERIFY(ui::dominant_region_image(maps, heads).isNull());  // no such head

        // The overlay follows the options; a head the maps lack falls back to the mean.
        ui::OverlayItem overlay;
        ui::FaceAttention attention;
        attention.maps = maps;
        overlay.setAttention(attention);
        ui::OverlayOptions options;
        options.heatmap_head = 1;
        overlay.setOptions(options);
        QCOMPARE(overlay.heatImage(), ui::dominant_region_image(maps, 1));
        options.heatmap_region = 4;
        overlay.setOptions(options);
        QCOMPARE(overlay.heatImage(), ui::region_weight_image(maps[4], 1));
        options.heatmap_head = 5;
        overlay.setOptions(options);
        QCOMPARE(overlay.heatImage(), ui::region_weight_image(maps[4], model::kMeanOfHeads));
    }

    void controlsOfferHeadsAndTheMatchingLegend() {
        QTemporaryDir dir;
        ui::Settings settings(dir.filePath("settings.ini"));
        ui::OverlayControls controls(settings);
        QSignalSpy changed(&controls, &ui::OverlayControls::optionsChanged);
        controls.setHeatmapAvailable(true, {});
        QComboBox* heads = controls.heatmapHeadBox();
        QCOMPARE(heads->count(), 1);  // the mean only, until attention says how many
        controls.setHeatmapHeadCount(8);
        QCOMPARE(heads->count(), 9);
        controls.setHeatmapHead(3);
        QCOMPARE(controls.options().heatmap_head, 3);
        QVERIFY(!changed.isEmpty());
        controls.setHeatmapHeadCount(8);  // same heads: the choice stays
        QCOMPARE(controls.options().heatmap_head, 3);
        controls.setHeatmapHeadCount(2);  // head 4 is gone: back to the mean
        QCOMPARE(controls.options().heatmap_head, model::kMeanOfHeads);
        QCOMPARE(heads->count(), 3);

        // The legend: off with the layer; the nine regions by default; a 0–1 bar for one region.
        ui::AttentionLegend* legend = controls.attentionLegend();
        QVERIFY(legend->isHidden());
        controls.setLayerVisible(ui::OverlayLayer::Heatmap, true);
        QVERIFY(!legend->isHidden());
        QVERIFY(legend->showsRegionColors());
        QStringList texts;
        for (const QLabel* label : legend->findChildren<QLabel*>())
            texts << label->text();
        for (int r = 0; r < model::kNumFaceRegions; ++r)
            QVERIFY2(texts.contains(ui::region_display_name(r)),
                     qPrintable(ui::region_display_name(r)));
        controls.setHeatmapRegion(7);
        QCOMPARE(controls.options().heatmap_region, 7);
        QVERIFY(!legend->showsRegionColors());
        const auto* caption = legend->findChild<QLabel*>("AttentionLegendScaleCaption");
        QVERIFY(caption && caption->text().contains(ui::region_display_name(7)));
        QVERIFY(legend->findChild<ui::AttentionColorBar*>() != nullptr);
        controls.setHeatmapRegion(-1);
        QVERIFY(legend->showsRegionColors());
    }
};

int run_attention_view_tests(int argc, char** argv) {
    AttentionViewTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_attention_views.moc"
