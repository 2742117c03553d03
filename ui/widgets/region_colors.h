// Display colours of the nine FRGCA regions (face_regions.h order) and of
// face ids. Fixed colours on purpose: they are drawn over photographs, not
// over the themed interface, and must read the same in light and dark mode.
#pragma once

#include <QColor>
#include <QString>

namespace facellava::ui {

QColor region_color(int region_index);
// The region (kFaceRegions index) a landmark belongs to.
int region_of_landmark(int landmark);
QColor face_color(int face_id);
// The translated display name of a region ("eyebrow1" → "Right eyebrow").
QString region_display_name(int region_index);

}  // namespace facellava::ui
