#include "models/frame_analysis.h"

#include <QCoreApplication>
#include <algorithm>

#include "facellava/model/face_analyzer.h"

namespace facellava::ui {

int FaceResult::dominantExpression() const {
    return int(std::max_element(expression.begin(), expression.end()) - expression.begin());
}

const FaceResult* FrameAnalysis::face(int face_id) const {
    for (const auto& f : faces)
        if (f.face_id == face_id)
            return &f;
    return nullptr;
}

FaceResult* FrameAnalysis::face(int face_id) {
    for (auto& f : faces)
        if (f.face_id == face_id)
            return &f;
    return nullptr;
}

QString expression_display_name(int index) {
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    if (index < 0 || index >= int(labels.size()))
        return {};
    return QCoreApplication::translate("facellava::ui::Expressions", labels[size_t(index)]);
}

}  // namespace facellava::ui
