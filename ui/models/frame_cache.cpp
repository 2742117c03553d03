#include "models/frame_cache.h"

namespace facellava::ui {

FrameCache::FrameCache(qint64 max_bytes) : cache_(max_bytes / 1024) {}

void FrameCache::insert(const DecodedFrame& frame) {
    if (frame.isNull())
        return;
    const qint64 cost = qint64(frame.rgb->pixels.size()) / 1024 + 1;
    cache_.insert(frame.key.frame, new DecodedFrame(frame), cost);
}

const DecodedFrame* FrameCache::find(int64_t index) {
    return cache_.object(index);
}

}  // namespace facellava::ui
