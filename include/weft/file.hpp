// Files written so that a reader never sees half of one, and read so that no file can ask for more than it
// holds. A write goes to a temporary sibling (`NAME.tmp.PID`), is flushed to disk, then renamed over the
// old file: whatever a user had stays whole until the new file is complete; a failed write removes its
// temporary file, and the temporaries of processes that died mid-write are removed by the next write of
// the same file. A read refuses what is not a regular file and what is larger than a stated bound.
#pragma once

#include <weft/error.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace weft {

/// The largest file weft reads whole unless told otherwise (traces, snapshots, plans): 1 GiB.
inline constexpr std::uintmax_t max_input_bytes = std::uintmax_t{1} << 30;

namespace detail {
// Removes `path`'s temporary siblings whose writer has died (a kill mid-write leaves one behind).
inline void remove_stale_temporaries(std::filesystem::path const& path) {
  std::error_code ec;
  std::string const prefix = path.filename().string() + ".tmp.";
  auto const dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  for (auto const& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string const name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    char* end = nullptr;
    long const pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (pid <= 0 || *end != '\0' || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
  }
}
}  // namespace detail

/// Replaces `path` atomically with what `write(std::ostream&)` writes (large files stream; nothing is
/// held in memory). If anything fails, the old file is left as it was, the temporary file is removed,
/// and the error names the file.
template <class Writer>
void write_file_atomic_with(std::filesystem::path const& path, Writer&& write) {
  detail::remove_stale_temporaries(path);
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  auto fail = [&](std::string const& why) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw Error("cannot write " + path.string() + ": " + why);
  };
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(std::strerror(errno));
    write(static_cast<std::ostream&>(out));
    out.flush();
    if (!out) fail("the write failed (is the disk full?)");
  } catch (Error const& e) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    std::string const what = e.what();
    if (what.rfind("cannot write ", 0) == 0) throw;
    throw Error("cannot write " + path.string() + ": " + what);
  } catch (std::exception const& e) {
    fail(e.what());
  }
  // Data on disk before the rename, so that a crash cannot leave a renamed but empty file.
  if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) fail(ec.message());
}

/// Replaces `path` with `contents` atomically.
inline void write_file_atomic(std::filesystem::path const& path, std::string const& contents) {
  write_file_atomic_with(path, [&](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

/// Throws weft::Error unless `path` is a regular file of at most `max_bytes` bytes; returns its size.
inline std::uintmax_t check_input_file(std::filesystem::path const& path, std::uintmax_t max_bytes = max_input_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw Error(path.string() + " is not a regular file");
  auto const size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes)
    throw Error(path.string() + " holds " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                " this reader takes");
  return size;
}

/// The whole contents of a regular file of at most `max_bytes` bytes; throws weft::Error naming it
/// otherwise, or when it cannot be read.
inline std::string read_file(std::filesystem::path const& path, std::uintmax_t max_bytes = max_input_bytes) {
  auto const size = check_input_file(path, max_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) throw Error("cannot read " + path.string() + ": it changed while read");
  return bytes;
}

}  // namespace weft
