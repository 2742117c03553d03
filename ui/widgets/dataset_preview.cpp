#include "widgets/dataset_preview.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace facellava::ui {
namespace {

// What the trainer's reader and checks need of the config, nothing else.
DatasetScanRequest scan_request(const training::TrainConfig& c) {
    DatasetScanRequest request;
    for (const auto& f : c.data.train_files)
        request.files << QString::fromStdString(f);
    request.image_root = QString::fromStdString(c.data.image_root);
    request.video_root = QString::fromStdString(c.data.video_root);
    request.num_frames = c.data.num_frames;
    request.checkpoint_dir = QString::fromStdString(c.model.checkpoint);
    request.video_frame_separator = QString::fromStdString(c.data.video_frame_separator);
    request.check_media = c.data.check_media;
    for (const auto& [task, weight] : c.data.task_weights)
        request.task_weights.insert(QString::fromStdString(task), weight);
    request.json_max_depth = c.data.json_max_depth;
    request.json_max_string_bytes = c.data.json_max_string_bytes;
    request.json_max_file_bytes = c.data.json_max_file_bytes;
    return request;
}

}  // namespace

DatasetPreview::DatasetPreview(QWidget* parent) : QWidget(parent) {
    scan_ = new DatasetScanJob(this);
    scan_timer_ = new QTimer(this);
    scan_timer_->setSingleShot(true);
    scan_timer_->setInterval(400);
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

    connect(scan_timer_, &QTimer::timeout, this, &DatasetPreview::startScan);
    connect(scan_, &DatasetScanJob::summaryReady, this, &DatasetPreview::showSummary);
    connect(scan_, &DatasetScanJob::failed, this, [this](const UserError& error) {
        QString message = error.details;
        if (!error.file.isEmpty() && !message.contains(error.file))
            message += QStringLiteral(" (%1)").arg(error.file);
        if (!error.fix.isEmpty())
            message += QStringLiteral(" ") + error.fix;
        showMessage(tr("The data could not be read: %1").arg(message));
        emit scanned();
    });
}

void DatasetPreview::scheduleScan(const training::TrainConfig& config) {
    pending_ = config;
    scan_timer_->start();
}

bool DatasetPreview::isScanning() const {
    return scan_timer_->isActive() || scan_->isRunning();
}

void DatasetPreview::startScan() {
    if (pending_.data.train_files.empty()) {
        summary_ = DatasetSummary{};
        showMessage(
            tr("Add FaceInstruct .json or .jsonl files to see their samples "
               "and counts."));
        emit scanned();
        return;
    }
    showMessage(tr("Reading and checking the data…"));
    scan_->scan(scan_request(pending_));
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
    summary_ = s;
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
    emit scanned();
}

}  // namespace facellava::ui
