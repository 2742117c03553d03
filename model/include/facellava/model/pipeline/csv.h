// CSV text as spreadsheets, R and pandas read it: RFC 4180 quoting, '\n' line
// ends, numbers in fixed precision with a '.' decimal point whatever the
// process locale (std::to_chars, never iostreams or printf, which follow
// LC_NUMERIC). The reader accepts what other tools write: a space after the
// comma (OpenFace's "frame, face_id"), CRLF line ends, quoted fields.
//
// Thread-safety: every function is reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace facellava::pipeline {

// Appends `value` with exactly `precision` digits after the point ("-0.00"
// becomes "0.00"); NaN and infinities append nothing (an empty cell reads as NA).
void append_fixed(std::string& out, double value, int precision);
void append_integer(std::string& out, long long value);
// Appends a text field, quoted when it holds a comma, a quote, a line break or
// leading/trailing spaces (quotes inside are doubled).
void append_text(std::string& out, std::string_view text);

// A parsed CSV file: the first row is the header.
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    // Index of the column with this name, or -1.
    int column(std::string_view name) const;
};

// Parses CSV text. Spaces before a field (after the comma or at the line
// start) are dropped, so " success" is "success"; spaces inside quotes are
// kept. Throws facellava::Error (naming `source`) on an unterminated quote or
// a row whose field count differs from the header's.
CsvTable parse_csv(std::string_view text, const std::string& source = {});
// Reads and parses a file; throws facellava::Error naming it.
CsvTable read_csv_file(const std::string& path);

}  // namespace facellava::pipeline
