// Files written so that a reader never sees half of one: write a temporary sibling, flush it to disk, then
// rename it over the old file. Whatever a user had stays whole until the new file is complete.
#pragma once

#include <weft/error.hpp>

#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace weft {

/// Replaces `path` atomically with what `write(std::ostream&)` writes (large files stream; nothing is
/// held in memory). If `write` throws, the old file is left as it was and the temporary file removed.
template <class Writer>
void write_file_atomic_with(std::filesystem::path const& path, Writer&& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  auto fail = [&](std::string const& why) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw Error(why);
  };
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot write " + tmp.string());
    write(static_cast<std::ostream&>(out));
    out.flush();
    if (!out) fail("cannot write " + tmp.string() + " (disk full?)");
  } catch (Error const&) {
    throw;
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
  // Data on disk before the rename, so that a crash cannot leave a renamed but empty file.
  if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) fail("cannot replace " + path.string() + ": " + ec.message());
}

/// Replaces `path` with `contents` atomically.
inline void write_file_atomic(std::filesystem::path const& path, std::string const& contents) {
  write_file_atomic_with(path, [&](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

/// The whole contents of a file; throws weft::Error naming it when it cannot be read.
inline std::string read_file(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace weft
