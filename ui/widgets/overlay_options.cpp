#include "widgets/overlay_options.h"

#include <QCoreApplication>

namespace facellava::ui {

QString layer_key(OverlayLayer layer) {
    switch (layer) {
        case OverlayLayer::Boxes:
            return "boxes";
        case OverlayLayer::Landmarks:
            return "landmarks";
        case OverlayLayer::Heatmap:
            return "heatmap";
        case OverlayLayer::Pose:
            return "pose";
        case OverlayLayer::Labels:
            return "labels";
        case OverlayLayer::Mesh:
            return "mesh";
        case OverlayLayer::Gaze:
            return "gaze";
    }
    return {};
}

QString layer_display_name(OverlayLayer layer) {
    const char* context = "facellava::ui::Overlays";
    switch (layer) {
        case OverlayLayer::Boxes:
            return QCoreApplication::translate(context, "Face boxes");
        case OverlayLayer::Landmarks:
            return QCoreApplication::translate(context, "Landmarks and regions");
        case OverlayLayer::Heatmap:
            return QCoreApplication::translate(context, "FRGCA attention");
        case OverlayLayer::Pose:
            return QCoreApplication::translate(context, "Head pose");
        case OverlayLayer::Labels:
            return QCoreApplication::translate(context, "Labels");
        case OverlayLayer::Mesh:
            return QCoreApplication::translate(context, "Face mesh");
        case OverlayLayer::Gaze:
            return QCoreApplication::translate(context, "Gaze arrows");
    }
    return {};
}

}  // namespace facellava::ui
