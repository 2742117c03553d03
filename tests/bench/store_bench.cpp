// facellava_store_bench: batched face-observation inserts (box + 68 landmarks)
// into a session file, as a batch analysis job writes them. Prints rows/s.
// Not a test: timings depend on the disk. Usage:
//   facellava_store_bench [rows=500000] [batch=10000] [folder=/tmp]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "facellava/core/store/session_store.h"

using namespace facellava;
using namespace facellava::store;

int main(int argc, char** argv) {
    const long rows = argc > 1 ? std::atol(argv[1]) : 500000;
    const long batch_size = argc > 2 ? std::atol(argv[2]) : 10000;
    const std::string folder = argc > 3 ? argv[3] : std::filesystem::temp_directory_path().string();
    const std::string path =
        folder + "/facellava-store-bench-" + std::to_string(::getpid()) + ".sqlite";

    SessionStore store(path);
    MediaRecord media;
    media.session_id = store.sessions().create("bench");
    media.path = "/bench/clip.mp4";
    media.sha256 = std::string(64, 'b');
    media.kind = MediaKind::Video;
    media.fps = 30;
    const Id media_id = store.media().add(media);
    constexpr int kFaces = 4;
    Id tracks[kFaces];
    for (int f = 0; f < kFaces; ++f)
        tracks[f] = store.faces().add_track(media_id, f);

    std::vector<FaceObservation> batch(static_cast<size_t>(batch_size));
    const auto start = std::chrono::steady_clock::now();
    long written = 0;
    while (written < rows) {
        const long n = std::min(batch_size, rows - written);
        batch.resize(size_t(n));
        for (long i = 0; i < n; ++i) {
            const long row = written + i;
            FaceObservation& o = batch[size_t(i)];
            o.track_id = tracks[row % kFaces];
            o.frame = row / kFaces;
            o.timestamp = double(o.frame) / 30.0;
            o.box = {100.f + float(row % 7), 80.f, 120.f, 140.f, 0.97f};
            o.landmarks.emplace();
            for (int k = 0; k < 136; ++k)
                o.landmarks->xy[size_t(k)] = float(row % 640) + float(k) * 0.25f;
            o.detector = "dlib-hog";
        }
        store.faces().add_observations(batch);
        written += n;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "%ld observations (68 landmarks each) in batches of %ld: %.2f s, %.0f rows/s, file %.1f "
        "MB\n",
        written, batch_size, seconds, double(written) / seconds,
        double(std::filesystem::file_size(path)) / 1e6);
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix, ignored);
    return 0;
}
