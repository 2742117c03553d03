#include <QTemporaryDir>
#include <QtTest>

#include "facellava/core/assets.h"
#include "facellava/model/runtime.h"
#include "windows/main_window.h"

using facellava::ui::MainWindow;

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void opensADemoPhoto() {
        MainWindow window;
        window.show();
        const auto photos = facellava::AssetLocator::from_environment().demo_photos();
        QVERIFY(window.openImage(QString::fromStdString(photos.front()), true));
        QCOMPARE(window.currentImageSize(), QSize(1920, 1280));  // sample1.jpg
        QVERIFY(window.windowTitle().startsWith("sample1.jpg"));
    }

    void refusesABrokenFileWithoutCrashing() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.jpg");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xff\xd8\xff\xe0 not really a jpeg");
        file.close();
        MainWindow window;
        QVERIFY(!window.openImage(path, true));
        QVERIFY(window.currentPath().isEmpty());
    }

    void aboutNamesVersionsAndLicences() {
        const QString about = MainWindow::aboutText();
        QVERIFY(about.contains(QString::fromStdString(facellava::model::torch_version())));
        QVERIFY(about.contains("MIT"));
        QVERIFY(about.contains("300-W"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
