#include "support/image_convert.h"

#include <cstring>

namespace facellava::ui {

QImage to_qimage(std::shared_ptr<const ImageRGB> image) {
    if (!image || image->empty())
        return {};
    // QImage's cleanup hook owns a heap copy of the shared_ptr: the pixels live
    // as long as any QImage (or implicit copy) uses them.
    auto* keeper = new std::shared_ptr<const ImageRGB>(image);
    return QImage(
        image->pixels.data(), image->width, image->height, qsizetype(image->width) * 3,
        QImage::Format_RGB888,
        [](void* info) { delete static_cast<std::shared_ptr<const ImageRGB>*>(info); }, keeper);
}

ImageRGB from_qimage(const QImage& source) {
    const QImage rgb = source.convertToFormat(QImage::Format_RGB888);
    ImageRGB out;
    out.width = rgb.width();
    out.height = rgb.height();
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.row(y), rgb.constScanLine(y), size_t(out.width) * 3);
    return out;
}

}  // namespace facellava::ui
