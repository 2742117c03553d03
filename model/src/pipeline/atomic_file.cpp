#include "pipeline/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "facellava/core/error.h"

namespace facellava::pipeline {

AtomicFileWriter::AtomicFileWriter(std::string path)
    : path_(std::move(path)), tmp_path_(path_ + ".tmp") {
    file_ = std::fopen(tmp_path_.c_str(), "wb");
    if (!file_)
        throw Error(std::string("cannot create the file (") + std::strerror(errno) + ")", tmp_path_,
                    "check that the output folder exists and is writable");
}

AtomicFileWriter::~AtomicFileWriter() {
    if (file_) {
        std::fclose(file_);
        std::remove(tmp_path_.c_str());
    }
}

void AtomicFileWriter::fail(const std::string& what) {
    const std::string reason = std::strerror(errno);
    std::fclose(file_);
    file_ = nullptr;
    std::remove(tmp_path_.c_str());
    throw Error(what + " (" + reason + ")", path_, "check the free disk space and permissions");
}

void AtomicFileWriter::write(std::string_view bytes) {
    if (!file_)
        throw Error("write after commit", path_);
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        fail("cannot write the file");
    bytes_ += bytes.size();
}

void AtomicFileWriter::append_file(const std::string& source) {
    std::FILE* in = std::fopen(source.c_str(), "rb");
    if (!in)
        throw Error(std::string("cannot open the file (") + std::strerror(errno) + ")", source,
                    "rerun the job: unfinished parts are analysed again");
    std::vector<char> block(1 << 20);
    size_t got = 0;
    while ((got = std::fread(block.data(), 1, block.size(), in)) > 0)
        write(std::string_view(block.data(), got));
    const bool read_error = std::ferror(in) != 0;
    std::fclose(in);
    if (read_error)
        throw Error("cannot read the file", source, "rerun the job");
}

void AtomicFileWriter::commit() {
    if (!file_)
        throw Error("commit twice", path_);
    if (std::fflush(file_) != 0 || ::fsync(fileno(file_)) != 0)
        fail("cannot flush the file to disk");
    if (std::fclose(file_) != 0) {
        file_ = nullptr;
        std::remove(tmp_path_.c_str());
        throw Error(std::string("cannot close the file (") + std::strerror(errno) + ")", path_,
                    "check the free disk space");
    }
    file_ = nullptr;
    if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(tmp_path_.c_str());
        throw Error("cannot move the finished file into place (" + reason + ")", path_,
                    "check the permissions of the output folder");
    }
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
    AtomicFileWriter writer(path);
    writer.write(bytes);
    writer.commit();
}

}  // namespace facellava::pipeline
