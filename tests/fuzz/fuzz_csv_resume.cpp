// Fuzz target: the CSV reader that resumes and merges batch jobs read their
// earlier output with (pipeline::read_csv_file). Bad input must give a
// facellava::Error; a table that parses must have as many fields in each row
// as in its header, and written back with append_text it must parse to the
// same table.
#include <cstddef>
#include <cstdint>

#include "facellava/core/error.h"
#include "facellava/model/pipeline/csv.h"
#include "fuzz_support.h"

namespace {

std::string write_row(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out.push_back(',');
        facellava::pipeline::append_text(out, fields[i]);
    }
    out.push_back('\n');
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using facellava::pipeline::CsvTable;
    const std::string path = facellava::fuzz::write_input("input.csv", data, size);
    CsvTable table;
    try {
        table = facellava::pipeline::read_csv_file(path);
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
    const CsvTable again = facellava::pipeline::parse_csv(text, "(written back)");
    FUZZ_CHECK(again.header == table.header);
    FUZZ_CHECK(again.rows == table.rows);
    return 0;
}
