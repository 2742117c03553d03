#include "facellava/model/pipeline/csv.h"

#include <charconv>
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava::pipeline {

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
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
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

int CsvTable::column(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name)
            return int(i);
    return -1;
}

CsvTable parse_csv(std::string_view text, const std::string& source) {
    CsvTable table;
    std::vector<std::string> row;
    std::string field;
    size_t line = 1;
    size_t i = 0;
    const size_t n = text.size();
    auto finish_row = [&] {
        const bool blank = row.size() == 1 && row[0].empty();  // blank lines are skipped
        if (!blank && table.header.empty()) {
            table.header = std::move(row);
        } else if (!blank) {
            if (row.size() != table.header.size())
                throw Error("CSV line " + std::to_string(line) + " has " +
                                std::to_string(row.size()) + " fields, the header has " +
                                std::to_string(table.header.size()),
                            source, "check that the file was written completely");
            table.rows.push_back(std::move(row));
        }
        row.clear();
    };
    while (i <= n) {
        // One field: skip leading spaces, then a quoted or a plain value.
        while (i < n && text[i] == ' ')
            ++i;
        field.clear();
        if (i < n && text[i] == '"') {
            const size_t opened_at = line;
            ++i;
            for (;;) {
                if (i >= n)
                    throw Error("CSV quote opened on line " + std::to_string(opened_at) +
                                    " is never closed",
                                source, "check that the file was written completely");
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n')
                    ++line;
                field.push_back(text[i++]);
            }
            while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                ++i;  // spaces between the closing quote and the comma
        } else {
            while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                field.push_back(text[i++]);
        }
        row.push_back(field);
        if (i >= n) {
            finish_row();
            break;
        }
        if (text[i] == ',') {
            ++i;
            continue;
        }
        if (text[i] == '\r')
            ++i;
        if (i < n && text[i] == '\n')
            ++i;
        finish_row();
        ++line;
        if (i >= n)
            break;
    }
    return table;
}

CsvTable read_csv_file(const std::string& path) {
    return parse_csv(read_file(path), path);
}

}  // namespace facellava::pipeline
