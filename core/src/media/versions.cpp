// Library versions for `facellava info` and the About box: the versions
// linked at run time, which is what matters when a user reports a bug.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}
#include <opencv2/core/utility.hpp>

#include "facellava/core/media.h"

namespace facellava {
namespace {

std::string dotted(unsigned version) {
    return std::to_string(AV_VERSION_MAJOR(version)) + "." +
           std::to_string(AV_VERSION_MINOR(version)) + "." +
           std::to_string(AV_VERSION_MICRO(version));
}

}  // namespace

std::string ffmpeg_version() {
    return std::string(av_version_info()) + " (libavformat " + dotted(avformat_version()) +
           ", libavcodec " + dotted(avcodec_version()) + ", libswscale " +
           dotted(swscale_version()) + ", libavutil " + dotted(avutil_version()) + ")";
}

std::string opencv_version() {
    return cv::getVersionString();
}

}  // namespace facellava
