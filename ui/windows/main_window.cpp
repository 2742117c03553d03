#include "windows/main_window.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QStatusBar>

#include "facellava/core/versions.h"
#include "facellava/model/runtime.h"
#include "facellava/model/tokenizer.h"

namespace facellava::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Face-LLaVA Workbench"));
    setObjectName("MainWindow");
    image_label_ = new QLabel(this);
    image_label_->setObjectName("ImageView");
    image_label_->setAlignment(Qt::AlignCenter);
    image_label_->setText(tr("Open an image or video (File ▸ Open) to start."));
    scroll_ = new QScrollArea(this);
    scroll_->setWidget(image_label_);
    scroll_->setWidgetResizable(true);
    setCentralWidget(scroll_);

    device_label_ = new QLabel(this);
    const auto devices = model::cuda_devices();
    device_label_->setText(devices.empty() ? tr("Device: CPU (%1 threads)").arg(model::cpu_threads())
                                           : tr("Device: CUDA %1").arg(QString::fromStdString(devices[0].name)));
    statusBar()->addPermanentWidget(device_label_);
    buildMenus();
    resize(1280, 800);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseAndOpen);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Face-LLaVA Workbench"), this,
                    [this] { QMessageBox::about(this, tr("About Face-LLaVA Workbench"), aboutText()); });
}

void MainWindow::chooseAndOpen() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), QString(),
                                                      tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)"));
    if (!path.isEmpty()) openImage(path);
}

bool MainWindow::openImage(const QString& path, bool quiet) {
    QImageReader reader(path);
    reader.setAutoTransform(true);  // apply EXIF orientation like the analysis does
    const QImage image = reader.read();
    if (image.isNull()) {
        const QString message = tr("Cannot open %1: %2. Check that the file exists and is an image.")
                                    .arg(QFileInfo(path).fileName(), reader.errorString());
        statusBar()->showMessage(message);
        if (!quiet) QMessageBox::warning(this, tr("Cannot open file"), message);
        return false;
    }
    image_label_->setPixmap(QPixmap::fromImage(image));
    current_path_ = path;
    current_size_ = image.size();
    setWindowTitle(tr("%1 — Face-LLaVA Workbench").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(tr("%1 × %2 px").arg(image.width()).arg(image.height()));
    return true;
}

QString MainWindow::aboutText() {
    return tr("<h3>Face-LLaVA Workbench %1</h3>"
              "<p>Study faces with a multimodal LLM (Face-LLaVA, arXiv 2504.07198).</p>"
              "<p>LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5</p>"
              "<p><b>Models and their licences</b><ul>"
              "<li>face-api nets (tiny face detector, 68 landmarks, expression, age/gender) from "
              "@vladmandic/face-api 1.7.15 — MIT; trained on research datasets.</li>"
              "<li>dlib HOG face detector — Boost licence; dlib 68-point shape predictor (libdlib-data) — "
              "trained on iBUG 300-W, whose terms restrict commercial use.</li>"
              "<li>Face-LLaVA checkpoints — see their model cards; loaded from disk when you have them.</li>"
              "</ul></p>")
        .arg(QString::fromUtf8(FACELLAVA_VERSION), QString::fromStdString(model::torch_version()),
             QString::fromUtf8(qVersion()), QString::fromStdString(sqlite_version()),
             QString::fromStdString(model::Tokenizer::library_version()));
}

}  // namespace facellava::ui
