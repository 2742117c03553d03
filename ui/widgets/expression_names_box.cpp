#include "widgets/expression_names_box.h"

#include <QStringList>
#include <algorithm>

#include "facellava/pipeline/face_csv.h"

namespace facellava::ui {
namespace {

constexpr pipeline::ExpressionNames kChoices[] = {pipeline::ExpressionNames::FaceApi,
                                                  pipeline::ExpressionNames::PyFeat,
                                                  pipeline::ExpressionNames::RafDb};

// The seven words in column order, from the CSV writer's own table.
QString column_names(pipeline::ExpressionNames names) {
    QStringList words;
    for (const char* word : pipeline::expression_columns(names).names)
        words << QString::fromUtf8(word);
    return words.join(QStringLiteral(", "));
}

}  // namespace

ExpressionNamesBox::ExpressionNamesBox(QWidget* parent) : QComboBox(parent) {
    for (const auto names : kChoices) {
        QString title;
        switch (names) {
            case pipeline::ExpressionNames::FaceApi:
                title = tr("face-api's words");
                break;
            case pipeline::ExpressionNames::PyFeat:
                title = tr("py-feat's words");
                break;
            case pipeline::ExpressionNames::RafDb:
                title = tr("RAF-DB's order");
                break;
        }
        addItem(tr("%1 (%2)").arg(title, column_names(names)),
                QString::fromUtf8(pipeline::to_string(names)));
    }
    setToolTip(
        tr("Names and order of faces.csv's expression columns, and the words expression "
           "labels are shown in"));
}

pipeline::ExpressionNames ExpressionNamesBox::names() const {
    return pipeline::parse_expression_names(currentData().toString().toStdString());
}

void ExpressionNamesBox::setNames(pipeline::ExpressionNames names) {
    setCurrentIndex(std::max(0, findData(QString::fromUtf8(pipeline::to_string(names)))));
}

}  // namespace facellava::ui
