// A scratch file for data a search keeps out of memory (the parts of a frontier past its memory bound):
// created under the work directory (or $TMPDIR), unlinked at once so that nothing is left behind
// whatever ends the process, written at its end and read back by offset.
//
//   ScratchFile spill(dir);
//   std::uint64_t const at = spill.append(block.data(), block.size());
//   spill.read(at, block.size(), into);
#pragma once

#include <weft/byte_buffer.hpp>
#include <weft/error.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <unistd.h>

namespace weft::checker {

/// An unnamed file of appended byte runs.
class ScratchFile {
 public:
  /// A new, empty file in `dir` ("": $TMPDIR, else /tmp); `what` names it in errors.
  explicit ScratchFile(std::string const& dir, char const* what = "scratch file") : what_(what) {
    std::string folder = dir;
    if (folder.empty()) {
      char const* tmp = std::getenv("TMPDIR");
      folder = tmp && *tmp ? tmp : "/tmp";
    }
    std::string name = folder + "/weft-scratch.XXXXXX";
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) throw Error(std::string("cannot create the ") + what_ + " in " + folder + ": " + std::strerror(errno));
    ::unlink(name.c_str());
  }
  ScratchFile(ScratchFile const&) = delete;
  ScratchFile& operator=(ScratchFile const&) = delete;
  ~ScratchFile() { ::close(fd_); }

  /// Writes `n` bytes at the end; returns their offset. Thread-safe.
  std::uint64_t append(void const* data, std::size_t n) {
    std::uint64_t at;
    {
      std::lock_guard lock(mutex_);
      at = end_;
      end_ += n;
    }
    auto const* p = static_cast<char const*>(data);
    for (std::size_t done = 0; done < n;) {
      ssize_t const w = ::pwrite(fd_, p + done, n - done, static_cast<off_t>(at + done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw Error(std::string("cannot write the ") + what_ + " (in the work directory, or $TMPDIR): " + std::strerror(errno));
      done += static_cast<std::size_t>(w);
    }
    return at;
  }

  /// Replaces `out`'s contents with the `n` bytes at `at`.
  void read(std::uint64_t at, std::size_t n, ByteBuffer& out) const {
    out.clear();
    read(at, n, out.extend(n));
  }

  /// Reads the `n` bytes at `at` into `into`.
  void read(std::uint64_t at, std::size_t n, void* into) const {
    auto* p = static_cast<char*>(into);
    for (std::size_t done = 0; done < n;) {
      ssize_t const r = ::pread(fd_, p + done, n - done, static_cast<off_t>(at + done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw Error(std::string("cannot read the ") + what_ + ": " + (r == 0 ? "it is shorter than written" : std::strerror(errno)));
      done += static_cast<std::size_t>(r);
    }
  }

  /// Bytes written.
  std::uint64_t size() const {
    std::lock_guard lock(mutex_);
    return end_;
  }

 private:
  char const* what_;
  int fd_ = -1;
  std::uint64_t end_ = 0;
  mutable std::mutex mutex_;
};

}  // namespace weft::checker
