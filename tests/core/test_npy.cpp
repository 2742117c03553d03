#include <gtest/gtest.h>

#include <fstream>

#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "test_support.h"

namespace facellava {
namespace {

std::string raw_npy(const std::string& header_dict, const std::string& payload, int version = 1) {
    std::string header = header_dict;
    const size_t preamble = version == 1 ? 10 : 12;
    while ((preamble + header.size() + 1) % 64 != 0) header.push_back(' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back(char(version));
    out.push_back(0);
    out.push_back(char(header.size() & 0xff));
    out.push_back(char((header.size() >> 8) & 0xff));
    if (version != 1) out.append(2, '\0');
    return out + header + payload;
}

std::string write(const std::string& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

void expect_bad(const std::string& path, const std::string& needle) {
    try {
        read_npy(path);
        FAIL() << "accepted " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(Npy, RoundTripOfLandmarkShapes) {
    const std::string dir = test::make_temp_dir("npy");
    std::vector<float> values(3 * 68 * 2);
    for (size_t i = 0; i < values.size(); ++i) values[i] = float(i) * 0.5f;
    write_npy(dir + "/video.npy", {3, 68, 2}, values);
    auto array = read_npy(dir + "/video.npy");
    EXPECT_EQ(array.shape, (std::vector<int64_t>{3, 68, 2}));
    EXPECT_EQ(array.dtype, "<f4");
    EXPECT_EQ(array.values, values);
}

TEST(Npy, ReadsOtherDtypesAndVersions) {
    const std::string dir = test::make_temp_dir("npy");
    double doubles[2] = {1.25, -3.5};
    auto f8 = read_npy(write(dir, "f8.npy", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                                   std::string(reinterpret_cast<char*>(doubles), 16))));
    EXPECT_EQ(f8.values, (std::vector<float>{1.25f, -3.5f}));
    int64_t ints[3] = {7, -2, 300};
    auto i8 = read_npy(write(dir, "i8v2.npy", raw_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 3), }",
                                                     std::string(reinterpret_cast<char*>(ints), 24), 2)));
    EXPECT_EQ(i8.shape, (std::vector<int64_t>{1, 3}));
    EXPECT_EQ(i8.values, (std::vector<float>{7, -2, 300}));
    uint16_t halves[2] = {0x3c00, 0xc000};  // 1.0, -2.0
    auto f2 = read_npy(write(dir, "f2.npy", raw_npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
                                                   std::string(reinterpret_cast<char*>(halves), 4))));
    EXPECT_EQ(f2.values, (std::vector<float>{1.0f, -2.0f}));
}

TEST(Npy, RejectsBadFilesWithClearErrors) {
    const std::string dir = test::make_temp_dir("npybad");
    const std::string four_floats(16, '\0');
    expect_bad(write(dir, "magic.npy", "PK\x03\x04 not numpy at all"), "wrong magic");
    expect_bad(write(dir, "fortran.npy", raw_npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", four_floats)),
               "Fortran");
    expect_bad(write(dir, "bigendian.npy", raw_npy("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", four_floats)),
               "little-endian");
    expect_bad(write(dir, "object.npy", raw_npy("{'descr': '|O', 'fortran_order': False, 'shape': (4,), }", four_floats)),
               "dtype");
    expect_bad(write(dir, "short.npy", raw_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (68, 2), }", four_floats)),
               "shape needs");
    expect_bad(write(dir, "huge.npy", raw_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999, 99999999), }", four_floats)),
               "too large");
    expect_bad(write(dir, "header.npy", std::string("\x93NUMPY\x01\x00\xff\xff", 10) + "{}"), "header length");
    expect_bad(write(dir, "version.npy", std::string("\x93NUMPY\x09\x00\x10\x00", 10) + std::string(16, ' ')), "version");
    expect_bad(dir + "/missing.npy", "cannot open");
}

}  // namespace
}  // namespace facellava
