// Runs every Qt Test suite of the workbench in one process (one QApplication)
// and fails when any of them fails. Prints the longest GUI-thread stall seen.
#include <QApplication>
#include <QStandardPaths>
#include <cstdio>

#include "workbench_fixtures.h"

int run_main_window_tests(int argc, char** argv);
int run_media_tests(int argc, char** argv);
int run_chat_tests(int argc, char** argv);
int run_annotation_tests(int argc, char** argv);
int run_session_tests(int argc, char** argv);

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("facellava-workbench-tests");
    QApplication::setOrganizationName("FaceLLaVA");
    // Settings, logs and sessions go to ~/.qttest, never the user's own.
    QStandardPaths::setTestModeEnabled(true);
    int status = 0;
    status |= run_main_window_tests(argc, argv);
    status |= run_media_tests(argc, argv);
    status |= run_annotation_tests(argc, argv);
    status |= run_session_tests(argc, argv);
    status |= run_chat_tests(argc, argv);
    std::printf(
        "GUI watchdog: longest stall of the GUI thread during the tests: %lld ms (limit 100 ms)\n",
        static_cast<long long>(uitest::Watchdog::worstGapMs()));
    return status;
}
