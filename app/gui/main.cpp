// facellava-workbench: the Qt desktop application.
//
//   facellava-workbench [FILE]          FILE: an image, a video or a .facellava session
//   facellava-workbench --screenshot OUT.png --open FILE [--ask QUESTION] [--checkpoint DIR]
//
// The screenshot mode opens FILE, waits for the analysis (and the answer to
// QUESTION), saves the window to OUT.png and quits: docs/images are made this
// way under Xvfb (scripts/screenshots.sh). It uses its own settings file, so
// the user's layout and recent files are left alone.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QIcon>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "docks/chat_dock.h"
#include "facellava/model/runtime.h"
#include "models/analysis_state.h"
#include "settings/settings.h"
#include "support/color_scheme.h"
#include "support/log_file.h"
#include "support/translations.h"
#include "windows/main_window.h"

namespace {

using facellava::ui::MainWindow;

// Drives the window until it is idle, optionally asks a question, then saves a picture.
void run_screenshot(MainWindow& window, const QString& out, const QString& question,
                    int timeout_s) {
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    auto asked = std::make_shared<bool>(question.isEmpty());
    auto idle_since = std::make_shared<qint64>(-1);
    auto* timer = new QTimer(&window);
    QObject::connect(timer, &QTimer::timeout, &window, [=, &window] {
        const bool ready = window.analysis().hasAnalysis() && !window.isBusy();
        if (clock->elapsed() > timeout_s * 1000) {
            std::fprintf(stderr, "screenshot: gave up waiting after %d s; saving what is shown\n",
                         timeout_s);
        } else if (!ready) {
            *idle_since = -1;
            return;
        } else if (!*asked) {
            *asked = true;
            window.chatDock()->input()->setPlainText(question);
            window.chatDock()->send();
            return;
        } else if (*idle_since < 0) {
            *idle_since = clock->elapsed();  // let the last repaints land
            return;
        } else if (clock->elapsed() - *idle_since < 500) {
            return;
        }
        timer->stop();
        const bool saved = window.grab().save(out);
        std::fprintf(stderr, "screenshot: %s %s\n", saved ? "wrote" : "could not write",
                     qPrintable(out));
        QApplication::exit(saved ? 0 : 1);
    });
    timer->start(100);
}

// The icon embedded from installer/icons (icons.qrc), every size the
// installer puts in share/icons/hicolor, so windows have it uninstalled too.
QIcon application_icon() {
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QString(":/icons/facellava-workbench-%1.png").arg(size), QSize(size, size));
    return icon;
}

}  // namespace

int main(int argc, char** argv) {
    facellava::model::configure_cpu_runtime();  // before any thread allocates
    QApplication app(argc, argv);
    QApplication::setApplicationName("facellava-workbench");
    QApplication::setOrganizationName("FaceLLaVA");
    QApplication::setApplicationVersion(FACELLAVA_VERSION);
    // The desktop pairs the windows with io.github.facellava.Workbench.desktop
    // (the Wayland app id, taskbar grouping, the icon shown in the dock).
    QGuiApplication::setDesktopFileName("io.github.facellava.Workbench");
    QApplication::setWindowIcon(application_icon());
    // Light or dark as the desktop asks (FACELLAVA_COLOR_SCHEME=light|dark overrides).
    facellava::ui::apply_desktop_color_scheme(app);
    // The language chosen in Settings, else the desktop's (before the first
    // tr(), so --help is translated too).
    facellava::ui::Translations translations;
    translations.install(facellava::ui::resolve_language(facellava::ui::Settings().language(),
                                                         QLocale::system().uiLanguages()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Study faces with Face-LLaVA."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file",
                                 QApplication::translate("main", "An image or video to open."));
    const QCommandLineOption open_option("open", QApplication::translate("main", "Open FILE."),
                                         "FILE");
    const QCommandLineOption shot_option(
        "screenshot",
        QApplication::translate("main", "Save the window to PNG once idle, then quit."), "PNG");
    const QCommandLineOption ask_option(
        "ask", QApplication::translate("main", "With --screenshot: ask QUESTION first."),
        "QUESTION");
    const QCommandLineOption checkpoint_option(
        "checkpoint", QApplication::translate("main", "Use this Face-LLaVA checkpoint folder."),
        "DIR");
    const QCommandLineOption size_option(
        "size", QApplication::translate("main", "Window size, e.g. 1600x1000."), "WxH");
    parser.addOptions({open_option, shot_option, ask_option, checkpoint_option, size_option});
    parser.process(app);

    facellava::ui::LogFile::install();
    qInfo().noquote() << "facellava-workbench" << FACELLAVA_VERSION << "starting";

    const bool screenshot = parser.isSet(shot_option);
    QTemporaryDir scratch;  // screenshot runs: throwaway settings and session
    std::unique_ptr<facellava::ui::Settings> settings =
        screenshot ? std::make_unique<facellava::ui::Settings>(scratch.filePath("settings.ini"))
                   : std::make_unique<facellava::ui::Settings>();
    if (screenshot)  // its own settings: the desktop's language
        translations.install(
            facellava::ui::resolve_language(settings->language(), QLocale::system().uiLanguages()));
    if (parser.isSet(checkpoint_option))
        settings->setCheckpointDir(parser.value(checkpoint_option));

    MainWindow::Options options;
    options.dialogs = !screenshot;
    if (screenshot)
        options.session_file = scratch.filePath("screenshot.facellava");
    MainWindow window(*settings, options);
    if (parser.isSet(size_option)) {
        const QStringList wh = parser.value(size_option).split('x');
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    QString file = parser.value(open_option);
    if (file.isEmpty() && !parser.positionalArguments().isEmpty())
        file = parser.positionalArguments().front();
    // A session file (the desktop's application/x-facellava-session) opens as
    // the session; anything else is media to analyse.
    if (file.endsWith(".facellava", Qt::CaseInsensitive))
        window.openSessionFile(file);
    else if (!file.isEmpty())
        window.openFile(file);
    if (screenshot)
        run_screenshot(window, parser.value(shot_option), parser.value(ask_option), 600);
    return app.exec();
}
