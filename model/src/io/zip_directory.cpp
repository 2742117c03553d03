#include "io/zip_directory.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <stdexcept>

namespace facellava::io {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr size_t kEndOfDirectorySize = 22;
constexpr size_t kDirectoryEntrySize = 46;
constexpr size_t kLocalHeaderSize = 30;
// Encrypted, patched, strongly encrypted, masked local header.
constexpr uint16_t kEncryptedFlags = 0x0001 | 0x0020 | 0x0040 | 0x2000;
// A real checkpoint's directory is ~100 bytes per tensor; this bounds what a
// forged one can make us allocate.
constexpr uint64_t kMaxDirectoryBytes = uint64_t(256) << 20;

[[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error(why);
}

uint64_t le(const std::string& bytes, size_t at, size_t n) {
    if (at > bytes.size() || bytes.size() - at < n)
        fail("the zip directory is cut short");
    uint64_t value = 0;
    for (size_t i = 0; i < n; ++i)
        value |= uint64_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
}

class File {
  public:
    explicit File(const std::string& path) : in_(path, std::ios::binary) {
        if (!in_)
            fail("cannot open the file");
        in_.seekg(0, std::ios::end);
        size_ = uint64_t(in_.tellg());
    }
    uint64_t size() const { return size_; }
    std::string read(uint64_t at, uint64_t n) {
        std::string bytes(size_t(check(at, n)), '\0');
        read_into(at, n, bytes.data());
        return bytes;
    }
    void read_into(uint64_t at, uint64_t n, char* out) {
        check(at, n);
        in_.seekg(std::streamoff(at));
        in_.read(out, std::streamsize(n));
        if (!in_)
            fail("reading the file failed (did it change or shrink?)");
    }

  private:
    uint64_t check(uint64_t at, uint64_t n) const {
        if (at > size_ || size_ - at < n)
            fail("the zip archive points past the end of the file (is it truncated?)");
        return n;
    }
    std::ifstream in_;
    uint64_t size_ = 0;
};

struct DirectoryPlace {
    uint64_t offset = 0, size = 0, count = 0;
};

// Finds the end-of-directory record (and its zip64 twin when present).
DirectoryPlace locate_directory(File& file) {
    if (file.size() < kEndOfDirectorySize)
        fail("the file is too short to be a zip archive (torch.save writes zip archives)");
    const uint64_t tail_size = std::min<uint64_t>(file.size(), kEndOfDirectorySize + 0xFFFF);
    const uint64_t tail_at = file.size() - tail_size;
    const std::string tail = file.read(tail_at, tail_size);
    for (size_t at = tail.size() - kEndOfDirectorySize + 1; at-- > 0;) {
        if (le(tail, at, 4) != kEndOfDirectory)
            continue;
        // One disk only (miniz, LibTorch's reader, refuses anything else).
        if (le(tail, at + 4, 2) != 0 || le(tail, at + 6, 2) != 0 ||
            le(tail, at + 8, 2) != le(tail, at + 10, 2))
            fail("the zip archive claims to span several disks");
        DirectoryPlace place{le(tail, at + 16, 4), le(tail, at + 12, 4), le(tail, at + 10, 2)};
        const bool zip64 =
            place.offset == 0xFFFFFFFF || place.size == 0xFFFFFFFF || place.count == 0xFFFF;
        if (zip64 || (at >= 20 && le(tail, at - 20, 4) == kZip64Locator)) {
            if (at < 20 || le(tail, at - 20, 4) != kZip64Locator)
                fail("the zip64 directory locator is missing");
            const std::string record = file.read(le(tail, at - 20 + 8, 8), 56);
            if (le(record, 0, 4) != kZip64EndOfDirectory)
                fail("the zip64 end-of-directory record is damaged");
            if (le(record, 16, 4) != 0 || le(record, 20, 4) != 0 ||
                le(record, 24, 8) != le(record, 32, 8))
                fail("the zip archive claims to span several disks");
            place = {le(record, 48, 8), le(record, 40, 8), le(record, 32, 8)};
        }
        return place;
    }
    fail(
        "no zip directory at the end of the file: it is truncated, or not a torch.save zip "
        "archive (the legacy non-zip format is not read)");
}

// Applies the zip64 extra field (id 1) to the sizes/offset marked 0xFFFFFFFF.
void apply_zip64_extra(const std::string& extra, uint64_t& size, uint64_t& compressed,
                       uint64_t& local_offset) {
    for (size_t at = 0; at + 4 <= extra.size();) {
        const uint64_t id = le(extra, at, 2), n = le(extra, at + 2, 2);
        if (id == 1) {
            const std::string field =
                extra.substr(at + 4, size_t(std::min<uint64_t>(n, extra.size() - at - 4)));
            size_t p = 0;
            for (uint64_t* value : {&size, &compressed, &local_offset}) {
                if (*value != 0xFFFFFFFF)
                    continue;
                *value = le(field, p, 8);
                p += 8;
            }
            return;
        }
        at += 4 + size_t(n);
    }
}

}  // namespace

ZipDirectory read_zip_directory(const std::string& path) {
    File file(path);
    ZipDirectory result;
    result.file_size = file.size();
    const DirectoryPlace place = locate_directory(file);
    if (place.size > kMaxDirectoryBytes)
        fail("the zip directory claims " + std::to_string(place.size) + " bytes");
    if (place.count > place.size / kDirectoryEntrySize)
        fail("the zip directory claims more records than it can hold");
    const std::string dir = file.read(place.offset, place.size);
    std::set<std::string> names;
    size_t at = 0;
    for (uint64_t i = 0; i < place.count; ++i) {
        if (le(dir, at, 4) != kDirectoryEntry)
            fail("the zip directory is damaged (record " + std::to_string(i) + ")");
        ZipRecord record;
        record.flags = uint16_t(le(dir, at + 8, 2));
        record.method = uint16_t(le(dir, at + 10, 2));
        record.compressed_size = le(dir, at + 20, 4);
        record.size = le(dir, at + 24, 4);
        const uint64_t name_len = le(dir, at + 28, 2), extra_len = le(dir, at + 30, 2),
                       comment_len = le(dir, at + 32, 2);
        uint64_t local_offset = le(dir, at + 42, 4);
        const uint64_t disk = le(dir, at + 34, 2);
        const size_t name_at = at + kDirectoryEntrySize;
        le(dir, name_at, 0);  // bounds only
        if (dir.size() - name_at < name_len + extra_len + comment_len)
            fail("the zip directory is cut short");
        record.name = dir.substr(name_at, size_t(name_len));
        apply_zip64_extra(dir.substr(name_at + name_len, size_t(extra_len)), record.size,
                          record.compressed_size, local_offset);
        at = name_at + size_t(name_len + extra_len + comment_len);
        // What LibTorch's reader (miniz) would refuse, refused here first:
        // its constructor leaks when it throws.
        if (disk != 0 && disk != 0xFFFF)
            fail("record " + record.name + " lies on another disk");
        if (record.method != 0 && record.method != 8)
            fail("record " + record.name + " uses an unsupported compression method");
        if ((record.flags & kEncryptedFlags) != 0)
            fail("record " + record.name + " is encrypted");
        if ((record.method == 0 && record.size != record.compressed_size) ||
            (record.size != 0 && record.compressed_size == 0))
            fail("record " + record.name + " has inconsistent sizes");
        const std::string local = file.read(local_offset, kLocalHeaderSize);
        if (le(local, 0, 4) != kLocalHeader)
            fail("record " + record.name + " has no local header where the directory says");
        record.data_offset = local_offset + kLocalHeaderSize + le(local, 26, 2) + le(local, 28, 2);
        if (record.data_offset > file.size() ||
            file.size() - record.data_offset < record.compressed_size)
            fail("record " + record.name + " ends past the end of the file (is it truncated?)");
        // miniz finds records ignoring case: two names that differ only in
        // case could make it read another record than the one checked here.
        std::string folded = record.name;
        for (char& c : folded)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        if (!names.insert(folded).second)
            fail("the archive names record " + record.name + " twice");
        result.records.push_back(std::move(record));
    }
    return result;
}

std::string read_stored_record(const std::string& path, const ZipRecord& record) {
    std::string bytes(size_t(record.size), '\0');
    read_stored_record_into(path, record, bytes.data());
    return bytes;
}

void read_stored_record_into(const std::string& path, const ZipRecord& record, char* out) {
    if (record.method != 0)
        fail("record " + record.name + " is compressed");
    File file(path);
    file.read_into(record.data_offset, record.size, out);
}

}  // namespace facellava::io
