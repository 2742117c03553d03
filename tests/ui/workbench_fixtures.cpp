#include "workbench_fixtures.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include "facellava/core/assets.h"
#include "facellava/core/media.h"
#include "facellava/core/video_writer.h"
#include "settings/settings.h"
#include "windows/main_window.h"

namespace uitest {
namespace {
qint64 worst_gap_ms = 0;

// Nanoseconds the calling thread has spent runnable but waiting for a core,
// or 0 where the kernel does not say (then gaps are whole wall time).
qint64 run_queue_wait_ns() {
    QFile stat("/proc/thread-self/schedstat");  // "run_ns wait_ns timeslices"
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = stat.readAll().simplified().split(' ');
    return fields.size() >= 2 ? fields[1].toLongLong() : 0;
}
}  // namespace

QString fixtures_dir() {
    QString dir = qEnvironmentVariable("FACELLAVA_FIXTURES");
    if (dir.isEmpty())
        dir = qEnvironmentVariable("FACELLAVA_FIXTURES_DEFAULT");
    if (dir.isEmpty())
        dir = QStringLiteral(FACELLAVA_UI_FIXTURES_DEFAULT);
    return dir;
}

QString tiny_checkpoint_dir() {
    static QTemporaryDir holder;
    static const QString dir = [] {
        const QDir fixtures(fixtures_dir());
        const QDir d(holder.path());
        auto copy = [&](const QString& from, const QString& to) {
            if (!QFile::copy(fixtures.filePath(from), d.filePath(to)))
                qFatal("cannot copy fixture %s (set FACELLAVA_FIXTURES)",
                       qPrintable(fixtures.filePath(from)));
        };
        copy("facellava_tiny.config.json", "config.json");
        copy("facellava_tiny.weights.safetensors", "model.safetensors");
        copy("tiny_llama_spm.model", "tokenizer.model");
        d.mkpath("image_tower");
        copy("clip_image_tower.weights.safetensors", "image_tower/model.safetensors");
        d.mkpath("video_tower");
        copy("facellava_tiny.video_tower.safetensors", "video_tower/model.safetensors");
        return holder.path();
    }();
    return dir;
}

QString nano_checkpoint_dir() {
    return QDir(QString::fromStdString(facellava::AssetLocator::from_environment().resources_dir()))
        .filePath("models/facellava-nano");
}

QString demo_photo() {
    return QString::fromStdString(
        facellava::AssetLocator::from_environment().demo_photos().front());
}

QString test_video(int frames) {
    static QTemporaryDir holder;
    const QString path = holder.filePath(QStringLiteral("faces_%1.mp4").arg(frames));
    if (QFile::exists(path))
        return path;
    // A 320 × 240 window moving over sample1.jpg's faces: real faces, so the
    // detector finds them in every frame.
    const facellava::ImageRGB photo = facellava::load_image(demo_photo().toStdString());
    const int w = 320, h = 240;
    facellava::VideoWriterOptions options;
    options.fps = 25.0;
    facellava::VideoWriter writer(path.toStdString(), w, h, options);
    for (int f = 0; f < frames; ++f) {
        facellava::ImageRGB frame;
        frame.width = w;
        frame.height = h;
        frame.pixels.resize(size_t(w) * h * 3);
        // Downscale by 3 from an origin drifting right by 2 px a frame.
        const int x0 = 300 + 2 * f, y0 = 150;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int sx = std::min(photo.width - 1, x0 + 3 * x),
                          sy = std::min(photo.height - 1, y0 + 3 * y);
                const uint8_t* src = photo.row(sy) + size_t(sx) * 3;
                uint8_t* dst = frame.row(y) + size_t(x) * 3;
                dst[0] = src[0];
                dst[1] = src[1];
                dst[2] = src[2];
            }
        writer.write(frame);
    }
    writer.finish();
    return path;
}

Watchdog::Watchdog(bool reported) : reported_(reported) {
    timer_.setInterval(20);
    timer_.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] {
        const qint64 now = clock_.elapsed();
        const qint64 wait_ns = run_queue_wait_ns();
        const qint64 wall = now - last_;
        max_wall_gap_ms_ = std::max(max_wall_gap_ms_, wall);
        max_gap_ms_ = std::max(max_gap_ms_, wall - (wait_ns - last_wait_ns_) / 1'000'000);
        if (reported_)
            worst_gap_ms = std::max(worst_gap_ms, max_gap_ms_);
        last_ = now;
        last_wait_ns_ = wait_ns;
    });
}

Watchdog::~Watchdog() {
    qInfo("GUI watchdog: longest gap %lld ms (%lld ms of wall time, waits for a core included)",
          static_cast<long long>(max_gap_ms_), static_cast<long long>(max_wall_gap_ms_));
}

void Watchdog::start() {
    clock_.start();
    last_ = 0;
    last_wait_ns_ = run_queue_wait_ns();
    max_gap_ms_ = 0;
    max_wall_gap_ms_ = 0;
    timer_.start();
}

qint64 Watchdog::worstGapMs() {
    return worst_gap_ms;
}

Workbench::Workbench(const QString& checkpoint) {
    settings = std::make_unique<facellava::ui::Settings>(dir.filePath("settings.ini"));
    if (!checkpoint.isEmpty())
        settings->setCheckpointDir(checkpoint);
    settings->setDevice("cpu");
    facellava::ui::MainWindow::Options options;
    options.dialogs = false;
    options.load_model = !checkpoint.isEmpty();
    options.session_file = sessionFile();
    window = std::make_unique<facellava::ui::MainWindow>(*settings, options);
    window->resize(1400, 900);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("the test window was not exposed");
}

Workbench::~Workbench() {
    window.reset();
}

QString Workbench::sessionFile() const {
    return dir.filePath("test.facellava");
}

bool wait_idle(facellava::ui::MainWindow& window, int timeout_ms) {
    QElapsedTimer clock;
    clock.start();
    // Two idle checks in a row: results arriving through queued calls can
    // start follow-up work (an analysis starts an attention map, …).
    int idle = 0;
    while (clock.elapsed() < timeout_ms) {
        QTest::qWait(20);
        idle = window.isBusy() ? 0 : idle + 1;
        if (idle >= 3)
            return true;
    }
    return false;
}

}  // namespace uitest
