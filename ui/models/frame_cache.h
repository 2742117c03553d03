// A small least-recently-used cache of decoded frames of the open video, so
// stepping back and forth or scrubbing over the same stretch does not decode
// again. Bounded by memory, not frame count (a 4K frame is 25 MB).
#pragma once

#include <QCache>

#include "models/decoded_frame.h"

namespace facellava::ui {

class FrameCache {
  public:
    explicit FrameCache(qint64 max_bytes = 192LL << 20);

    void insert(const DecodedFrame& frame);
    // Marks the frame most recently used; nullptr when not cached.
    const DecodedFrame* find(int64_t index);
    void clear() { cache_.clear(); }
    int size() const { return int(cache_.size()); }

  private:
    QCache<qint64, DecodedFrame> cache_;  // cost in KiB
};

}  // namespace facellava::ui
