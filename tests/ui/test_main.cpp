// Runs every Qt Test suite of the workbench in one process (one QApplication)
// and fails when any of them fails. Prints the longest GUI-thread stall seen.
#include <QApplication>
#include <QStandardPaths>
#include <cstdio>
#include <cstring>

#include "workbench_fixtures.h"

int run_main_window_tests(int argc, char** argv);
int run_media_tests(int argc, char** argv);
int run_chat_tests(int argc, char** argv);
int run_annotation_tests(int argc, char** argv);
int run_session_tests(int argc, char** argv);
int run_training_tests(int argc, char** argv);
int run_persistence_tests(int argc, char** argv);
int run_color_scheme_tests(int argc, char** argv);
int run_translations_tests(int argc, char** argv);
int run_checkpoint_settings_tests(int argc, char** argv);
int run_precision_setting_tests(int argc, char** argv);
int run_hostile_open_tests(int argc, char** argv);
int run_longrun_open_close_tests(int argc, char** argv);
int run_watchdog_tests(int argc, char** argv);
int run_attention_view_tests(int argc, char** argv);
int run_job_tests(int argc, char** argv);
int run_analysis_agreement_tests(int argc, char** argv);
int run_model_tasks_tests(int argc, char** argv);
int run_face_outputs_tests(int argc, char** argv);

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("facellava-workbench-tests");
    QApplication::setOrganizationName("FaceLLaVA");
    // Settings, logs and sessions go to ~/.qttest, never the user's own.
    QStandardPaths::setTestModeEnabled(true);
    // `facellava_ui_tests TrainingTest [Qt Test options]` runs one suite.
    const char* only = argc > 1 && argv[1][0] != '-' && std::strstr(argv[1], "Test") != nullptr
                           ? argv[1]
                           : nullptr;
    if (only) {
        argv[1] = argv[0];
        ++argv;
        --argc;
    }
    int status = 0;
    auto run = [&](const char* suite, int (*tests)(int, char**)) {
        if (!only || std::strcmp(only, suite) == 0)
            status |= tests(argc, argv);
    };
    run("WatchdogTest", run_watchdog_tests);
    run("JobTest", run_job_tests);
    run("AnalysisAgreementTest", run_analysis_agreement_tests);
    run("MainWindowTest", run_main_window_tests);
    run("MediaTest", run_media_tests);
    run("AnnotationTest", run_annotation_tests);
    run("SessionTest", run_session_tests);
    run("PersistenceTest", run_persistence_tests);
    run("ChatTest", run_chat_tests);
    run("TrainingTest", run_training_tests);
    run("ColorSchemeTest", run_color_scheme_tests);
    run("AttentionViewTest", run_attention_view_tests);
    run("TranslationsTest", run_translations_tests);
    run("CheckpointSettingsTest", run_checkpoint_settings_tests);
    run("PrecisionSettingTest", run_precision_setting_tests);
    run("ModelTasksTest", run_model_tasks_tests);
    run("FaceOutputsTest", run_face_outputs_tests);
    run("HostileOpenTest", run_hostile_open_tests);
    run("LongrunOpenCloseTest", run_longrun_open_close_tests);  // FACELLAVA_LONGRUN=1 only
    std::printf(
        "GUI watchdog: longest stall of the GUI thread during the tests: %lld ms (limit 100 ms)\n",
        static_cast<long long>(uitest::Watchdog::worstGapMs()));
    return status;
}
