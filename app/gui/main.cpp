// facellava-workbench: the Qt desktop application.
#include <QApplication>

#include "windows/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("facellava-workbench");
    QApplication::setOrganizationName("FaceLLaVA");
    QApplication::setApplicationVersion(FACELLAVA_VERSION);
    facellava::ui::MainWindow window;
    const QStringList args = QApplication::arguments();
    if (args.size() > 1) window.openImage(args.at(1));
    window.show();
    return app.exec();
}
