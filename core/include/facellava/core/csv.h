// CSV as spreadsheets, R and pandas read it: the one CSV writer and reader of
// the tree (faces.csv, errors.csv, annotation exports, batch merge, resume).
//
// Writing follows RFC 4180: fields separated by ',', records ended by '\n'
// (docs/CSV.md), a field quoted when it holds a comma, a quote, CR or LF, or
// starts or ends with a space (the reader drops leading spaces of unquoted
// fields, see below) or starts with a UTF-8 byte-order mark, quotes inside
// doubled. Numbers are written in fixed
// precision with a '.' decimal point whatever the process locale
// (std::to_chars, never iostreams or printf, which follow LC_NUMERIC).
//
// Cells that start with '=', '+', '-' or '@' are written as they are, not
// prefixed against spreadsheet formula injection: these files are data for
// pandas and R, where a prefix would change the values (every negative number
// starts with '-'), and no writer of ours did it before.
//
// Reading accepts RFC 4180 and what other tools write: CRLF, LF or CR line
// ends, a UTF-8 byte-order mark at the start (Excel), a space after the comma
// (OpenFace's "frame, face_id"), records whose quoted fields span lines.
// Lines that are empty or hold only spaces are skipped; a line holding just
// "" is a record with one empty field. Errors name the file and the line: an
// unterminated quote, text after a closing quote, a record over the size
// limit, a row whose field count differs from the header's.
//
// Thread-safety: the functions are reentrant; a CsvReader is used by one
// thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace facellava {

// Appends `value` with exactly `precision` digits after the point ("-0.00"
// becomes "0.00"); NaN and infinities append nothing (an empty cell reads as NA).
void append_fixed(std::string& out, double value, int precision);
void append_integer(std::string& out, long long value);
// Appends one text field, quoted when needed (see above).
void append_text(std::string& out, std::string_view text);
// Appends a whole record: the fields joined by ',' and a '\n'. A record of one
// empty field is written as "" so that it does not read back as a blank line.
void append_csv_row(std::string& out, const std::vector<std::string>& fields);

// One record as a CsvReader returns it.
struct CsvRecord {
    std::vector<std::string> fields;  // unquoted, leading spaces of unquoted fields dropped
    std::string raw;  // its bytes as in the file, line end included (with keep_raw only)
    size_t line = 0;  // the line it starts on, from 1
};

struct CsvReadOptions {
    bool keep_raw = false;  // fill CsvRecord::raw (batch merge copies records byte for byte)
    size_t max_record_bytes = size_t(64) << 20;  // a longer record is an error, not a hang
};

// Reads records one at a time, so a file of any size is read in constant
// memory (one record plus a 1 MiB block).
class CsvReader {
  public:
    // Reads the file at `path`; throws facellava::Error naming it when it
    // cannot be opened.
    explicit CsvReader(const std::string& path, CsvReadOptions options = {});
    // Reads text already in memory (not copied: it must outlive the reader);
    // `source` names it in errors.
    CsvReader(std::string_view text, std::string source, CsvReadOptions options = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next record; false at the end. Throws facellava::Error naming the
    // source and the line on malformed input or a read error.
    bool next(CsvRecord& record);
    const std::string& source() const { return source_; }

  private:
    bool fill();
    int peek();  // the next byte, or -1 at the end
    void take(std::string& field, CsvRecord& record);
    // Takes the bytes up to the first of `stops` (or the end) in one go.
    void take_run(std::string& field, CsvRecord& record, std::string_view stops);
    void skip(CsvRecord& record);
    [[noreturn]] void record_too_long(const CsvRecord& record) const;
    bool read_record(CsvRecord& record);  // true: a blank line

    std::string source_;
    CsvReadOptions options_;
    int fd_ = -1;
    std::vector<char> block_;
    std::string_view data_;  // the bytes not yet consumed of the block or text
    size_t record_bytes_ = 0;
    size_t line_ = 1;
    bool started_ = false;  // the byte-order mark has been looked for
};

// A parsed CSV file: the first record is the header.
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    // Index of the column with this name, or -1.
    int column(std::string_view name) const;
};

// Parses CSV text (errors name `source`): every row must have as many fields
// as the header.
CsvTable parse_csv(std::string_view text, const std::string& source = {});
// Reads and parses a file; throws facellava::Error naming it.
CsvTable read_csv_file(const std::string& path);

}  // namespace facellava
