#include "facellava/core/csv.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "facellava/core/error.h"

namespace facellava {
namespace {

constexpr size_t kBlockBytes = size_t(1) << 20;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

CsvTable read_table(CsvReader& reader) {
    CsvTable table;
    CsvRecord record;
    if (!reader.next(record))
        return table;
    table.header = std::move(record.fields);
    while (reader.next(record)) {
        if (record.fields.size() != table.header.size())
            throw Error("CSV line " + std::to_string(record.line) + " has " +
                            std::to_string(record.fields.size()) + " fields, the header has " +
                            std::to_string(table.header.size()),
                        reader.source(), "check that the file was written completely");
        table.rows.push_back(std::move(record.fields));
    }
    return table;
}

}  // namespace

void append_fixed(std::string& out, double value, int precision) {
    if (!std::isfinite(value))
        return;
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, precision);
    if (result.ec != std::errc()) {
        // Only |value| > ~1e45 overflows the buffer; no quantity of ours gets there.
        append_fixed(out, 0.0, precision);
        return;
    }
    std::string_view text(buffer, size_t(result.ptr - buffer));
    // A rounded-to-zero negative ("-0.00") reads as noise in a diff: drop the sign.
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string_view::npos)
        text.remove_prefix(1);
    out.append(text);
}

void append_integer(std::string& out, long long value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void append_text(std::string& out, std::string_view text) {
    // A leading byte-order mark is quoted too: at the start of a file the
    // reader would take it for the file's own and drop it.
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' ')) ||
                       text.substr(0, kByteOrderMark.size()) == kByteOrderMark;
    if (!quote) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_csv_row(std::string& out, const std::vector<std::string>& fields) {
    if (fields.size() == 1 && fields[0].empty()) {
        out += "\"\"\n";
        return;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out.push_back(',');
        append_text(out, fields[i]);
    }
    out.push_back('\n');
}

CsvReader::CsvReader(const std::string& path, CsvReadOptions options)
    : source_(path), options_(options) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw Error("cannot open the file (" + std::string(std::strerror(errno)) + ")", path,
                    "check that it exists and is readable");
    block_.resize(kBlockBytes);
}

CsvReader::CsvReader(std::string_view text, std::string source, CsvReadOptions options)
    : source_(std::move(source)), options_(options), data_(text) {}

CsvReader::~CsvReader() {
    if (fd_ >= 0)
        ::close(fd_);
}

bool CsvReader::fill() {
    if (fd_ < 0)
        return false;
    for (;;) {
        const ssize_t got = ::read(fd_, block_.data(), block_.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw Error("cannot read the file (" + std::string(std::strerror(errno)) + ")", source_,
                        "check that it is readable");
        data_ = std::string_view(block_.data(), size_t(got));
        return got > 0;
    }
}

int CsvReader::peek() {
    if (data_.empty() && !fill())
        return -1;
    return static_cast<unsigned char>(data_.front());
}

void CsvReader::record_too_long(const CsvRecord& record) const {
    throw Error("the CSV record starting on line " + std::to_string(record.line) +
                    " is longer than " + std::to_string(options_.max_record_bytes >> 20) + " MiB",
                source_, "check that this is a CSV file and that its quotes are balanced");
}

void CsvReader::skip(CsvRecord& record) {
    if (++record_bytes_ > options_.max_record_bytes)
        record_too_long(record);
    if (options_.keep_raw)
        record.raw.push_back(data_.front());
    data_.remove_prefix(1);
}

void CsvReader::take(std::string& field, CsvRecord& record) {
    field.push_back(data_.front());
    skip(record);
}

void CsvReader::take_run(std::string& field, CsvRecord& record, std::string_view stops) {
    while (peek() >= 0) {
        const size_t n = std::min(data_.find_first_of(stops), data_.size());
        if (n == 0)
            return;
        record_bytes_ += n;
        if (record_bytes_ > options_.max_record_bytes)
            record_too_long(record);
        field.append(data_.data(), n);
        if (options_.keep_raw)
            record.raw.append(data_.data(), n);
        data_.remove_prefix(n);
        if (!data_.empty())
            return;  // stopped at one of `stops`, not at the end of the block
    }
}

// Returns whether the record was a blank line (nothing but spaces).
bool CsvReader::read_record(CsvRecord& record) {
    bool blank = true;
    for (;;) {
        std::string& field = record.fields.emplace_back();
        while (peek() == ' ')
            skip(record);
        int c = peek();
        if (c == '"') {
            blank = false;
            const size_t opened_on = line_;
            skip(record);
            for (;;) {
                c = peek();
                if (c < 0)
                    throw Error("CSV quote opened on line " + std::to_string(opened_on) +
                                    " is never closed",
                                source_, "check that the file was written completely");
                if (c == '"') {
                    skip(record);
                    if (peek() != '"')
                        break;            // the closing quote
                    take(field, record);  // "" inside quotes is one quote
                    continue;
                }
                if (c == '\n') {
                    ++line_;
                    take(field, record);
                    continue;
                }
                take_run(field, record, "\"\n");
            }
            while (peek() == ' ')
                skip(record);  // spaces between the closing quote and the comma
            c = peek();
            if (c >= 0 && c != ',' && c != '\n' && c != '\r')
                throw Error("CSV line " + std::to_string(line_) +
                                " has text after the closing quote of a field",
                            source_,
                            "quote the whole field and double the quotes inside it (RFC 4180)");
        } else {
            take_run(field, record, ",\r\n");
            if (!field.empty())
                blank = false;
        }
        c = peek();
        if (c == ',') {
            blank = false;
            skip(record);
            continue;
        }
        if (c == '\r') {
            skip(record);
            if (peek() == '\n')
                skip(record);
            ++line_;
        } else if (c == '\n') {
            skip(record);
            ++line_;
        }
        return blank;
    }
}

bool CsvReader::next(CsvRecord& record) {
    if (!started_) {
        started_ = true;
        if (peek() >= 0 && data_.substr(0, kByteOrderMark.size()) == kByteOrderMark)
            data_.remove_prefix(kByteOrderMark.size());
    }
    for (;;) {
        record.fields.clear();
        record.raw.clear();
        record.line = line_;
        record_bytes_ = 0;
        if (peek() < 0)
            return false;
        if (!read_record(record))
            return true;
    }
}

int CsvTable::column(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name)
            return int(i);
    return -1;
}

CsvTable parse_csv(std::string_view text, const std::string& source) {
    CsvReader reader(text, source);
    return read_table(reader);
}

CsvTable read_csv_file(const std::string& path) {
    CsvReader reader(path);
    return read_table(reader);
}

}  // namespace facellava
