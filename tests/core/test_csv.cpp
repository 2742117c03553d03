// The one CSV kit (core/csv.h) against RFC 4180's own examples, written out
// by hand from section 2 of the RFC, and against Python's csv module as an
// independent reader and writer (skipped when python3 is missing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "test_support.h"

namespace facellava {
namespace {
namespace fs = std::filesystem;

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(CsvReader& reader) {
    Rows rows;
    CsvRecord record;
    while (reader.next(record))
        rows.push_back(record.fields);
    return rows;
}

Rows read_text(std::string_view text) {
    CsvReader reader(text, "(test)");
    return read_all(reader);
}

void put(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// RFC 4180, section 2, rules 1-7, each example as the RFC prints it.
TEST(Csv, ReadsTheExamplesOfRfc4180) {
    // 1. Each record on its own line, delimited by CRLF.
    EXPECT_EQ(read_text("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"),
              (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
    // 2. The last record may have no ending line break.
    EXPECT_EQ(read_text("aaa,bbb,ccc\r\nzzz,yyy,xxx"),
              (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
    // 3. An optional header line in the same format.
    const CsvTable table = parse_csv("field_name,field_name,field_name\r\naaa,bbb,ccc\r\n");
    EXPECT_EQ(table.header, (std::vector<std::string>{"field_name", "field_name", "field_name"}));
    EXPECT_EQ(table.rows, (Rows{{"aaa", "bbb", "ccc"}}));
    // 5. Fields may be enclosed in double quotes.
    EXPECT_EQ(read_text("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx"),
              (Rows{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
    // 6. Line breaks, quotes and commas inside enclosed fields.
    EXPECT_EQ(read_text("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx"),
              (Rows{{"aaa", "b\r\nbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
    // 7. A quote inside a quoted field is escaped by another quote.
    EXPECT_EQ(read_text("\"aaa\",\"b\"\"bb\",\"ccc\""), (Rows{{"aaa", "b\"bb", "ccc"}}));
    EXPECT_EQ(read_text("\"a,b\",c"), (Rows{{"a,b", "c"}}));
}

TEST(Csv, WritesWhatRfc4180Prescribes) {
    std::string out;
    append_csv_row(out, {"aaa", "b\r\nbb", "ccc"});
    append_csv_row(out, {"aaa", "b\"bb", "ccc"});
    append_csv_row(out, {"a,b", "", "plain"});
    append_csv_row(out, {" lead", "trail ", "in side"});
    append_csv_row(out, {""});                           // one empty field: not a blank line
    append_csv_row(out, {"=SUM(A1:A2)", "-0.5", "@x"});  // written as they are
    append_csv_row(out, {"\xEF\xBB\xBF"
                         "bom"});  // not taken for the file's mark
    EXPECT_EQ(out,
              "aaa,\"b\r\nbb\",ccc\n"
              "aaa,\"b\"\"bb\",ccc\n"
              "\"a,b\",,plain\n"
              "\" lead\",\"trail \",in side\n"
              "\"\"\n"
              "=SUM(A1:A2),-0.5,@x\n"
              "\"\xEF\xBB\xBF"
              "bom\"\n");
    EXPECT_EQ(read_text(out), (Rows{{"aaa", "b\r\nbb", "ccc"},
                                    {"aaa", "b\"bb", "ccc"},
                                    {"a,b", "", "plain"},
                                    {" lead", "trail ", "in side"},
                                    {""},
                                    {"=SUM(A1:A2)", "-0.5", "@x"},
                                    {"\xEF\xBB\xBF"
                                     "bom"}}));
    std::string first;
    append_csv_row(first, {"\xEF\xBB\xBF"
                           "mark"});
    EXPECT_EQ(read_text(first), (Rows{{"\xEF\xBB\xBF"
                                       "mark"}}));
}

TEST(Csv, AcceptsWhatOtherToolsWrite) {
    // Excel's byte-order mark, OpenFace's space after the comma, old Mac CR
    // line ends, blank lines.
    EXPECT_EQ(read_text("\xEF\xBB\xBF"
                        "frame, face_id\r\n\n0, 1\r2,3\n   \n"),
              (Rows{{"frame", "face_id"}, {"0", "1"}, {"2", "3"}}));
    EXPECT_EQ(read_text("\"q\" , x\n"), (Rows{{"q", "x"}}));
    EXPECT_EQ(read_text("a\"b,c\n"), (Rows{{"a\"b", "c"}}));  // a quote inside an unquoted field
    EXPECT_TRUE(read_text("").empty());
    EXPECT_TRUE(parse_csv("").header.empty());
}

TEST(Csv, MalformedInputNamesTheSourceAndLine) {
    auto expect_error = [](std::string_view text, const std::string& needle) {
        try {
            parse_csv(text, "faces.csv");
            ADD_FAILURE() << "accepted: " << text;
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), "faces.csv");
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    expect_error("a,b\n1,2,3\n", "line 2 has 3 fields");
    expect_error("a,b\n1,\"open\nstill open", "quote opened on line 2 is never closed");
    expect_error("a,b\n\"x\"y,1\n", "line 2 has text after the closing quote");

    CsvReadOptions small;
    small.max_record_bytes = 1 << 20;
    const std::string huge = "\"" + std::string(2 << 20, 'x');
    CsvReader reader(huge, "huge.csv", small);
    CsvRecord record;
    try {
        reader.next(record);
        FAIL() << "a 2 MiB record passed a 1 MiB limit";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), "huge.csv");
        EXPECT_NE(std::string(e.what()).find("longer than 1 MiB"), std::string::npos) << e.what();
    }
}

// A file larger than the reader's 1 MiB block, with quoted records spanning
// lines (and block boundaries): the streaming reader returns every record, and
// their raw bytes put together are the file.
TEST(Csv, StreamsLargeFilesRecordByRecordWithTheirBytes) {
    const std::string dir = test::make_temp_dir("csv-stream");
    const std::string path = dir + "/faces.csv";
    Rows expected = {{"frame", "text", "input"}};
    std::string text = "frame,text,input\n";
    for (int i = 0; i < 40000; ++i) {
        const std::string answer = "line one, \"quoted\"\nline two " + std::to_string(i);
        const std::string input = i % 3 == 0 ? "dir/a b.jpg" : "clip,1.mp4";
        expected.push_back({std::to_string(i), answer, input});
        text += std::to_string(i) + ",\"line one, \"\"quoted\"\"\nline two " + std::to_string(i) +
                "\"," + (i % 3 == 0 ? input : "\"" + input + "\"") + (i % 2 ? "\r\n" : "\n");
    }
    ASSERT_GT(text.size(), size_t(2) << 20);
    put(path, text);

    CsvReadOptions options;
    options.keep_raw = true;
    CsvReader reader(path, options);
    CsvRecord record;
    std::string joined;
    size_t count = 0;
    while (reader.next(record)) {
        ASSERT_LT(count, expected.size());
        EXPECT_EQ(record.fields, expected[count]) << "record " << count;
        EXPECT_EQ(record.line, count == 0 ? 1u : 2 * count);  // each row spans two lines
        joined += record.raw;
        ++count;
    }
    EXPECT_EQ(count, expected.size());
    EXPECT_EQ(joined, text);

    const CsvTable table = read_csv_file(path);
    EXPECT_EQ(table.rows.size(), expected.size() - 1);
    EXPECT_EQ(table.column("input"), 2);
    EXPECT_THROW(read_csv_file(dir + "/missing.csv"), Error);
}

TEST(Csv, NumbersAreFixedAndSignless) {
    std::string out;
    append_fixed(out, 0.125, 2);
    out += '|';
    append_fixed(out, -0.001, 2);
    out += '|';
    append_fixed(out, 1.0 / 0.0, 2);
    out += '|';
    append_integer(out, -42);
    EXPECT_EQ(out, "0.12|0.00||-42");  // 0.125 is exact: rounds to even
}

// ------------------------------------------------- Python's csv module

bool have_python_csv() {
    return std::system("python3 -c 'import csv, json' >/dev/null 2>&1") == 0;
}

std::string quoted(const std::string& path) {
    return "'" + path + "'";
}

// Fields that exercise every quoting rule, and text in other scripts.
Rows nasty_rows() {
    return {{"id", "text", "note"},
            {"1", "plain", ""},
            {"2", "comma, inside", "quote \" inside"},
            {"3", "line\nbreak", "crlf\r\ninside"},
            {"4", "lone\rcr", "\"\"\""},
            {"5", "Gesichtsausdruck: überrascht", "表情"},
            {"6", "=1+2", "-3"},
            {"7", " lead", "trail "}};
}

TEST(CsvInterop, PythonReadsWhatWeWrite) {
    if (!have_python_csv())
        GTEST_SKIP() << "python3 with its csv module is not available";
    const std::string dir = test::make_temp_dir("csv-python-read");
    std::string text;
    for (const auto& row : nasty_rows())
        append_csv_row(text, row);
    put(dir + "/ours.csv", text);
    const std::string script =
        "import csv, json, sys\n"
        "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
        "    rows = list(csv.reader(f, strict=True))\n"
        "with open(sys.argv[2], 'w', encoding='utf-8') as f:\n"
        "    json.dump(rows, f)\n";
    put(dir + "/read.py", script);
    ASSERT_EQ(std::system(("python3 " + quoted(dir + "/read.py") + " " + quoted(dir + "/ours.csv") +
                           " " + quoted(dir + "/rows.json"))
                              .c_str()),
              0);
    const Rows theirs = nlohmann::json::parse(read_file(dir + "/rows.json")).get<Rows>();
    EXPECT_EQ(theirs, nasty_rows());
}

TEST(CsvInterop, WeReadWhatPythonWrites) {
    if (!have_python_csv())
        GTEST_SKIP() << "python3 with its csv module is not available";
    const std::string dir = test::make_temp_dir("csv-python-write");
    put(dir + "/rows.json", nlohmann::json(nasty_rows()).dump());
    // Python's defaults (QUOTE_MINIMAL, CRLF) leave " lead" unquoted, which
    // our reader, like pandas' skipinitialspace, reads as "lead": that row is
    // compared with QUOTE_ALL, where every field is quoted.
    const std::string script =
        "import csv, json, sys\n"
        "rows = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "for name, quoting in (('minimal.csv', csv.QUOTE_MINIMAL), ('all.csv', csv.QUOTE_ALL)):\n"
        "    with open(sys.argv[2] + '/' + name, 'w', newline='', encoding='utf-8') as f:\n"
        "        csv.writer(f, quoting=quoting).writerows(rows)\n";
    put(dir + "/write.py", script);
    ASSERT_EQ(std::system(("python3 " + quoted(dir + "/write.py") + " " +
                           quoted(dir + "/rows.json") + " " + quoted(dir))
                              .c_str()),
              0);
    const CsvTable all = read_csv_file(dir + "/all.csv");
    const CsvTable minimal = read_csv_file(dir + "/minimal.csv");
    Rows expected = nasty_rows();
    EXPECT_EQ(all.header, expected.front());
    EXPECT_EQ(all.rows, Rows(expected.begin() + 1, expected.end()));
    expected.back() = {"7", "lead", "trail "};
    EXPECT_EQ(minimal.rows, Rows(expected.begin() + 1, expected.end()));
    EXPECT_NE(read_file(dir + "/minimal.csv").find("\r\n"), std::string::npos);
}

}  // namespace
}  // namespace facellava
