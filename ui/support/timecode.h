// Playhead text: "mm:ss.fff · frame N" (hours appear past an hour), run
// durations, and the parser of what users type into "jump to timecode".
#pragma once

#include <QString>
#include <cstdint>
#include <optional>

namespace facellava::ui {

// "01:02.345" (or "1:02:03.456" past an hour).
QString format_time(double seconds);
// "01:02.345 · frame 1558".
QString format_playhead(double seconds, int64_t frame);
// A run's duration or ETA, whole seconds: "0:04:07"; "?" when unknown (< 0, NaN).
QString format_duration(double seconds);

// Accepts "83", "83.5", "1:23.5", "01:02:03.250" (seconds) and "#123" or
// "f123" (a frame number). Returns the frame index (not clamped), or nullopt
// when the text is not a timecode.
std::optional<int64_t> parse_timecode(const QString& text, double fps);

}  // namespace facellava::ui
