#include "widgets/dataset_preview.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace facellava::ui {

DatasetPreview::DatasetPreview(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    data_summary_ = new QLabel(this);
    data_summary_->setObjectName("TrainDataSummary");
    data_summary_->setWordWrap(true);
    layout->addWidget(data_summary_);
    task_table_ = new QTableWidget(0, 6, this);
    task_table_->setObjectName("TrainTaskCounts");
    task_table_->setHorizontalHeaderLabels(
        {tr("Task"), tr("Samples"), tr("Images"), tr("Videos"), tr("Landmarks"), tr("Bad")});
    task_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    task_table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    task_table_->verticalHeader()->hide();
    task_table_->setMaximumHeight(140);
    layout->addWidget(task_table_);
    sample_table_ = new QTableWidget(0, 4, this);
    sample_table_->setObjectName("TrainSamplePreview");
    sample_table_->setHorizontalHeaderLabels(
        {tr("Media"), tr("Question"), tr("Answer"), tr("Problem")});
    sample_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sample_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    sample_table_->verticalHeader()->hide();
    layout->addWidget(sample_table_, 1);
    data_issues_ = new QPlainTextEdit(this);
    data_issues_->setObjectName("TrainDataIssues");
    data_issues_->setReadOnly(true);
    data_issues_->setMaximumHeight(90);
    data_issues_->setPlaceholderText(tr("Problems of the data (file #index: what) show here."));
    layout->addWidget(data_issues_);
}

void DatasetPreview::showMessage(const QString& message) {
    data_summary_->setText(message);
    task_table_->setRowCount(0);
    sample_table_->setRowCount(0);
    data_issues_->clear();
}

QString DatasetPreview::summaryText() const {
    return data_summary_->text();
}

void DatasetPreview::showSummary(const DatasetSummary& s) {
    QString text = tr("%1 usable of %2 samples in %3 file(s): %4 with images, %5 with videos, "
                      "%6 text only.")
                       .arg(s.usable)
                       .arg(s.entries)
                       .arg(s.files.size())
                       .arg(s.images)
                       .arg(s.videos)
                       .arg(s.text_only);
    if (s.missing_media > 0 || s.other_problems > 0) {
        text += QLatin1Char(' ') + tr("%1 missing media, %2 other problems (listed below; the "
                                      "trainer skips them or stops, as chosen).")
                                       .arg(s.missing_media)
                                       .arg(s.other_problems);
    }
    data_summary_->setText(text);
    task_table_->setRowCount(int(s.tasks.size()));
    for (int r = 0; r < s.tasks.size(); ++r) {
        const DatasetTaskRow& t = s.tasks[r];
        const QStringList cells = {t.task,
                                   QString::number(t.samples),
                                   QString::number(t.images),
                                   QString::number(t.videos),
                                   QString::number(t.with_landmarks),
                                   QString::number(t.bad)};
        for (int col = 0; col < cells.size(); ++col)
            task_table_->setItem(r, col, new QTableWidgetItem(cells[col]));
    }
    sample_table_->setRowCount(int(s.preview.size()));
    for (int r = 0; r < s.preview.size(); ++r) {
        const DatasetPreviewSample& p = s.preview[r];
        const QStringList cells = {p.media.isEmpty() ? tr("(text only)") : p.media, p.question,
                                   p.answer, p.problem};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setToolTip(
                QStringLiteral("%1 #%2 (%3)\n%4").arg(p.file).arg(p.index).arg(p.task, cells[col]));
            sample_table_->setItem(r, col, item);
        }
    }
    QString issues = s.issues.join(QLatin1Char('\n'));
    if (s.issue_count > s.issues.size())
        issues += QLatin1Char('\n') + tr("… and %1 more").arg(s.issue_count - s.issues.size());
    data_issues_->setPlainText(issues);
}

}  // namespace facellava::ui
