// The media suites in a build without FFmpeg/OpenCV/dlib (FACELLAVA_WITH_MEDIA
// off, as on the GPU machine): CMake compiles this file instead of
// perception_bench.cpp, batch_bench.cpp and bench_media.cpp, so asking for
// them says what is missing instead of failing to link.
#include "facellava/core/error.h"
#include "perception_bench.h"

namespace facellava::model::bench {

io::Json run_perception_bench(const MediaBenchSettings&) {
    throw Error("the perception suite needs media support (FACELLAVA_WITH_MEDIA=OFF)", "",
                "rebuild with -DFACELLAVA_WITH_MEDIA=ON");
}

io::Json run_batch_bench(const MediaBenchSettings&) {
    throw Error("the batch suite needs media support (FACELLAVA_WITH_MEDIA=OFF)", "",
                "rebuild with -DFACELLAVA_WITH_MEDIA=ON");
}

}  // namespace facellava::model::bench
