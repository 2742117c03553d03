// Decoding ahead of the analysis: a producer (a video's frames, a list of
// photos) runs on its own thread and fills a bounded queue that the analysing
// thread drains in order, so decoding overlaps face detection and the nets
// while at most `capacity` decoded frames wait (memory stays flat however long
// the video). Frame buffers are recycled: next() swaps the caller's old frame
// back to the producer, so a long video does not allocate per frame.
//
// Capacity 0 is the serial path: the producer runs inside next(), on the
// caller's thread, exactly as a plain decode loop would.
//
// Thread-safety: one consumer thread calls next(); the producer runs on the
// prefetcher's own thread and touches nothing else. The destructor stops the
// producer after the frame it is decoding and joins it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "facellava/core/image.h"

namespace facellava::pipeline {

struct DecodedFrame {
    ImageRGB image;
    int64_t index = 0;         // frame index in the video (0 for a photo)
    double timestamp_s = 0.0;  // seconds from the first frame
};

class FramePrefetcher {
  public:
    // Fills `frame` (reusing its buffer) and returns true, or returns false
    // after the last frame. May throw; it is not called again after that.
    using Producer = std::function<bool(DecodedFrame& frame)>;

    // `path` names the input in errors that are not facellava::Error already.
    FramePrefetcher(Producer produce, size_t capacity, std::string path);
    ~FramePrefetcher();
    FramePrefetcher(const FramePrefetcher&) = delete;
    FramePrefetcher& operator=(const FramePrefetcher&) = delete;

    // The next frame in order (swapped into `frame`); false after the last.
    // An exception of the producer is rethrown here once the frames decoded
    // before it have been taken: facellava::Error as it is, anything else as
    // a facellava::Error naming `path`.
    bool next(DecodedFrame& frame);

  private:
    void produce_all();
    [[noreturn]] void rethrow(std::exception_ptr error) const;

    Producer produce_;
    const size_t capacity_;
    const std::string path_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<DecodedFrame> ready_;   // decoded, in order
    std::vector<DecodedFrame> spare_;  // buffers handed back by next()
    bool finished_ = false;            // the producer returned false or threw
    bool stop_ = false;                // the consumer is gone
    std::exception_ptr error_;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace facellava::pipeline
