// Files written so that a reader never sees half of one: write a temporary sibling, then rename it.
#pragma once

#include <weft/error.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace weft {

/// Replaces `path` with `contents` atomically (same-directory temporary file, flushed, then renamed).
inline void write_file_atomic(std::filesystem::path const& path, std::string const& contents) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + tmp.string());
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw Error("cannot write " + tmp.string() + " (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw Error("cannot replace " + path.string() + ": " + ec.message());
  }
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
