// The workbench's main window. Owns the docks and the central media view;
// takes its collaborators in the constructor (no singletons).
#pragma once

#include <QMainWindow>
#include <QString>

class QLabel;
class QScrollArea;

namespace facellava::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Opens an image file into the central view; returns false (and shows the
    // reason in the status bar and a dialog unless quiet) when it cannot.
    bool openImage(const QString& path, bool quiet = false);
    QString currentPath() const { return current_path_; }
    QSize currentImageSize() const { return current_size_; }

    // The text of the About box (versions and model licences), also used by tests.
    static QString aboutText();

private:
    void buildMenus();
    void chooseAndOpen();

    QScrollArea* scroll_ = nullptr;
    QLabel* image_label_ = nullptr;
    QLabel* device_label_ = nullptr;
    QString current_path_;
    QSize current_size_;
};

}  // namespace facellava::ui
