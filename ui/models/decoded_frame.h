// One decoded image or video frame as the GUI holds it: the engine's RGB
// pixels (for analysis) and a QImage borrowing the same memory (for display),
// so the analysed pixels are exactly the displayed ones.
#pragma once

#include <QImage>
#include <QMetaType>
#include <QSize>
#include <QString>
#include <memory>

#include "facellava/core/image.h"
#include "models/frame_analysis.h"

namespace facellava::ui {

struct DecodedFrame {
    FrameKey key;
    double timestamp_s = 0;
    std::shared_ptr<const ImageRGB> rgb;
    QImage image;
    bool isNull() const { return !rgb || image.isNull(); }
};

struct MediaInfo {
    QString path;  // absolute
    bool is_video = false;
    QSize size;
    double fps = 0;           // 0 for images
    int64_t frame_count = 1;  // 1 for images
    double duration_s = 0;
    QString codec;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::DecodedFrame)
Q_DECLARE_METATYPE(facellava::ui::MediaInfo)
