// The central directory of a zip archive (the container of torch.save
// checkpoints), read without touching the records: each record's name, size
// and where its bytes lie. TorchArchive checks every storage against it before
// anything is read, so a lying or truncated archive is refused before a byte
// of tensor data is allocated. Zip64 (shards over 4 GiB) is understood.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::io {

struct ZipRecord {
    std::string name;     // full name inside the archive
    uint16_t method = 0;  // 0 = stored (torch.save never compresses)
    uint16_t flags = 0;   // bit 0 = encrypted
    uint64_t compressed_size = 0;
    uint64_t size = 0;         // uncompressed
    uint64_t data_offset = 0;  // of the record's bytes in the file
};

struct ZipDirectory {
    uint64_t file_size = 0;
    std::vector<ZipRecord> records;  // in central-directory order
};

// Throws std::runtime_error saying what is wrong (not a zip, truncated,
// a record past the end of the file, a name given twice, ...).
ZipDirectory read_zip_directory(const std::string& path);

// The bytes of a stored (uncompressed) record, read straight from the file:
// into a new string, or into `out` (record.size bytes). Throws
// std::runtime_error when the file is shorter than the directory says.
std::string read_stored_record(const std::string& path, const ZipRecord& record);
void read_stored_record_into(const std::string& path, const ZipRecord& record, char* out);

}  // namespace facellava::io
