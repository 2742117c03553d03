// Helpers shared by the workbench's Qt Test suites: fixtures, a throwaway
// settings + session environment, a small generated video, and the GUI-stall
// watchdog.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QTimer>
#include <memory>

namespace facellava::ui {
class MainWindow;
class Settings;
}  // namespace facellava::ui

namespace uitest {

// ../shared/fixtures, from FACELLAVA_FIXTURES or FACELLAVA_FIXTURES_DEFAULT.
QString fixtures_dir();
// The tiny Face-LLaVA checkpoint assembled from the fixtures (as
// tests/model/test_engine.cpp does), in a folder that lives for the run.
QString tiny_checkpoint_dir();
// FaceLLaVA-Nano, the bundled demo checkpoint (resources/models/facellava-nano).
QString nano_checkpoint_dir();
// The first face-api demo photo (sample1.jpg, 1920 × 1280, several faces).
QString demo_photo();
// A small video (mpeg4, 25 fps) made once per run with core's VideoWriter:
// `frames` frames of a demo photo's face region drifting to the right.
QString test_video(int frames = 30);

// Records the longest gap between ticks of a 20 ms timer on the GUI thread:
// any blocking call on the GUI thread shows up as a gap above 20 ms. A gap
// counts the time the GUI thread ran or was blocked, not the time it was
// ready but waited for a free core (the kernel's run-queue wait for the
// thread, /proc/thread-self/schedstat): on a loaded machine, e.g. ctest -j
// next to a training run, that wait is the machine's load, not our code.
// Where the kernel does not report it, a gap is the whole wall time.
class Watchdog : public QObject {
  public:
    // `reported` false: left out of worstGapMs() (the watchdog's own test
    // stalls on purpose).
    explicit Watchdog(bool reported = true);
    ~Watchdog() override;  // logs the longest gaps
    void start();
    void stop() { timer_.stop(); }
    // The longest gap, without the run-queue wait.
    qint64 maxGapMs() const { return max_gap_ms_; }
    // The longest gap in wall time, run-queue wait included.
    qint64 maxWallGapMs() const { return max_wall_gap_ms_; }
    // The largest gap of every watchdog of the run (reported at the end).
    static qint64 worstGapMs();

  private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    qint64 last_wait_ns_ = 0;  // the GUI thread's run-queue wait at the last tick
    qint64 max_gap_ms_ = 0;
    qint64 max_wall_gap_ms_ = 0;
    bool reported_ = true;
};

// A main window on a temporary settings file and session file, shown, with
// error dialogs off and no model loaded unless asked.
struct Workbench {
    explicit Workbench(const QString& checkpoint = {});
    ~Workbench();
    QTemporaryDir dir;
    std::unique_ptr<facellava::ui::Settings> settings;
    std::unique_ptr<facellava::ui::MainWindow> window;
    QString sessionFile() const;
};

// Waits (processing events) until the window is idle.
bool wait_idle(facellava::ui::MainWindow& window, int timeout_ms = 120000);

}  // namespace uitest
