// Fuzz target: the CSV reader that resumes and merges batch jobs read their
// earlier output with (facellava::read_csv_file, core/csv.h). Bad input must
// give a facellava::Error; a table that parses must have as many fields in
// each row as in its header; written back with append_csv_row it must parse
// to the same table; and the streaming CsvReader must return the same
// records, each of whose raw bytes reads back alone as that record.
#include <cstddef>
#include <cstdint>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "fuzz_support.h"

namespace {

std::string write_row(const std::vector<std::string>& fields) {
    std::string out;
    facellava::append_csv_row(out, fields);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using facellava::CsvTable;
    const std::string path = facellava::fuzz::write_input("input.csv", data, size);
    CsvTable table;
    try {
        table = facellava::read_csv_file(path);
    } catch (const facellava::Error&) {
        return 0;  // the documented outcome for a corrupt file
    }
    for (const auto& row : table.rows)
        FUZZ_CHECK(row.size() == table.header.size());
    if (table.header.empty()) {
        FUZZ_CHECK(table.rows.empty());
        return 0;
    }
    for (size_t i = 0; i < table.header.size(); ++i)
        FUZZ_CHECK(table.column(table.header[i]) <= int(i));
    std::string text = write_row(table.header);
    for (const auto& row : table.rows)
        text += write_row(row);
    const CsvTable again = facellava::parse_csv(text, "(written back)");
    FUZZ_CHECK(again.header == table.header);
    FUZZ_CHECK(again.rows == table.rows);

    // The streaming reader that batch merge copies records with.
    facellava::CsvReadOptions options;
    options.keep_raw = true;
    facellava::CsvReader reader(path, options);
    facellava::CsvRecord record;
    FUZZ_CHECK(reader.next(record) && record.fields == table.header);
    size_t raw_bytes = record.raw.size();
    for (const auto& row : table.rows) {
        FUZZ_CHECK(reader.next(record) && record.fields == row);
        raw_bytes += record.raw.size();
        if (record.raw.rfind("\xEF\xBB\xBF", 0) == 0)
            continue;  // alone, it would start a file: its mark would be taken for the file's
        facellava::CsvReader alone(record.raw, "(record)");
        facellava::CsvRecord reread;
        FUZZ_CHECK(alone.next(reread) && reread.fields == row && !alone.next(reread));
    }
    FUZZ_CHECK(!reader.next(record));
    FUZZ_CHECK(raw_bytes <= size);
    return 0;
}
