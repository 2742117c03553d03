#include "widgets/region_colors.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "facellava/model/face_regions.h"

namespace facellava::ui {

QColor region_color(int region_index) {
    static const QColor colors[model::kNumFaceRegions] = {
        QColor(255, 214, 10), QColor(0, 200, 255),  QColor(0, 140, 255),
        QColor(255, 120, 0),  QColor(255, 60, 160), QColor(60, 255, 120),
        QColor(20, 200, 90),  QColor(255, 40, 40),  QColor(250, 250, 250)};
    return colors[std::clamp(region_index, 0, model::kNumFaceRegions - 1)];
}

int region_of_landmark(int landmark) {
    for (int r = 0; r < model::kNumFaceRegions; ++r)
        if (landmark >= model::kFaceRegions[r].first && landmark <= model::kFaceRegions[r].last)
            return r;
    return 0;
}

QColor face_color(int face_id) {
    // Golden-angle hues: neighbouring ids get clearly different colours.
    return QColor::fromHsv(int(std::fmod(face_id * 137.508, 360.0)), 200, 255);
}

QString region_display_name(int region_index) {
    static const char* const names[model::kNumFaceRegions] = {
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Jaw line"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Right eyebrow"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Left eyebrow"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Nose bridge"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Nostrils"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Right eye"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Left eye"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Outer lips"),
        QT_TRANSLATE_NOOP("facellava::ui::Regions", "Inner lips (teeth)")};
    if (region_index < 0 || region_index >= model::kNumFaceRegions)
        return {};
    return QCoreApplication::translate("facellava::ui::Regions", names[region_index]);
}

}  // namespace facellava::ui
