// Conversions between the engine's ImageRGB and Qt images. The QImage made
// from a shared ImageRGB borrows its pixels (no copy) and keeps them alive.
#pragma once

#include <QImage>
#include <memory>

#include "facellava/core/image.h"

namespace facellava::ui {

QImage to_qimage(std::shared_ptr<const ImageRGB> image);
// A deep copy in RGB888 (for images coming from Qt: thumbnails, tests).
ImageRGB from_qimage(const QImage& image);

}  // namespace facellava::ui
