// A live node's log: everything that went into it (starts, messages received, timers fired, inputs) and
// everything that came out (messages sent, timers set and cancelled, outputs), with wall-clock times, and
// a snapshot of its whole record every so often. Crash-safe: each record is framed (length, XXH3 of the
// payload, payload) and written with one write(2) as it happens, so a kill loses nothing written; a torn
// last record (a kill in the middle of a write, a full disk) is detected on reading and ignored.
#pragma once

#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/error.hpp>
#include <weft/file.hpp>
#include <weft/fingerprint.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <string>
#include <unistd.h>
#include <variant>
#include <vector>

namespace weft::runtime {

/// The log format version: bump it when the layout changes.
inline constexpr std::uint32_t log_version = 1;

/// The first record: what the log is of, readable without knowing the protocol's types.
struct LogHeader {
  BOOST_HANA_DEFINE_STRUCT(LogHeader,
    (std::string, format),                         ///< "weft-log"
    (std::uint32_t, version),                      ///< log_version
    (std::string, protocol),                       ///< as `weft list` names it
    (std::map<std::string, std::string>, config),  ///< every configuration key's value
    (NodeId, node),                                ///< whose log
    (std::uint32_t, nodes));                       ///< how many nodes the cluster has
};

/// Something that went into the node.
template <class W>
struct LogInput {
  BOOST_HANA_DEFINE_STRUCT(LogInput, (std::uint64_t, time_ms), (typename W::Local, event));
};
/// Something that came out of it.
template <class W>
struct LogOutput {
  BOOST_HANA_DEFINE_STRUCT(LogOutput, (std::uint64_t, time_ms), (typename W::WorldEffect, effect));
};
/// The node's whole record (state, timers, RNG) after the input before it.
template <class W>
struct LogSnapshot {
  BOOST_HANA_DEFINE_STRUCT(LogSnapshot, (std::uint64_t, time_ms), (typename W::Node, node));
};
/// A datagram that was not a message: dropped and counted.
struct LogDropped {
  BOOST_HANA_DEFINE_STRUCT(LogDropped, (std::uint64_t, time_ms), (std::string, reason), (std::uint64_t, bytes));
};

/// Any record after the header.
template <class W>
using LogRecord = std::variant<LogInput<W>, LogOutput<W>, LogSnapshot<W>, LogDropped>;

namespace detail {
inline constexpr std::size_t frame_head = 12;  // u32 length, u64 checksum

inline void frame(ByteBuffer& out, ByteBuffer const& payload) {
  weft::detail::store_le(out.extend(4), static_cast<std::uint32_t>(payload.size()));
  weft::detail::store_le(out.extend(8), fingerprint_bytes(payload.data(), payload.size()));
  out.append(payload.data(), payload.size());
}
}  // namespace detail

/// Appends records to a log file, each with one write(2).
class LogWriter {
 public:
  /// Opens `path` for appending (creating it), with its header when it is new.
  LogWriter(std::string path, LogHeader const& header) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot open the log " + path_ + ": " + std::strerror(errno));
    if (::lseek(fd_, 0, SEEK_END) == 0) append(header);
  }
  LogWriter(LogWriter const&) = delete;
  LogWriter& operator=(LogWriter const&) = delete;
  ~LogWriter() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// Appends one record.
  template <class T>
  void append(T const& record) {
    payload_.clear();
    encode(payload_, record);
    framed_.clear();
    detail::frame(framed_, payload_);
    for (std::size_t done = 0; done < framed_.size();) {
      ssize_t const n = ::write(fd_, framed_.data() + done, framed_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error("cannot write the log " + path_ + ": " + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
  }
  /// Forces what was written to the disk (at a clean stop).
  void sync() { ::fsync(fd_); }

 private:
  std::string path_;
  int fd_ = -1;
  ByteBuffer payload_, framed_;
};

/// The records of a log file, as far as they are whole.
template <class W>
struct LogFile {
  LogHeader header;                        ///< the first record
  std::vector<LogRecord<W>> records;       ///< the rest, in order
  std::size_t torn_at = 0;                 ///< where a torn tail starts (0: none)
};

namespace detail {
// Calls f(payload) for each whole frame; returns the offset of a torn tail, or 0.
template <class F>
std::size_t for_each_frame(std::string const& bytes, F&& f) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < frame_head) return at;
    auto const* p = reinterpret_cast<unsigned char const*>(bytes.data() + at);
    std::size_t const n = weft::detail::load_le<std::uint32_t>(p);
    if (bytes.size() - at - frame_head < n) return at;
    if (fingerprint_bytes(p + frame_head, n) != weft::detail::load_le<std::uint64_t>(p + 4)) return at;
    f(std::string_view(bytes.data() + at + frame_head, n), at);
    at += frame_head + n;
  }
  return 0;
}
}  // namespace detail

/// Reads a log's header alone; throws weft::Error naming the file when it is not a log this build reads.
inline LogHeader load_log_header(std::string const& path) {
  std::string const bytes = read_file(path);
  LogHeader h{};
  bool found = false;
  detail::for_each_frame(bytes, [&](std::string_view payload, std::size_t) {
    if (found) return;
    h = decode_bytes<LogHeader>(payload, path + ": its header");
    found = true;
  });
  if (!found || h.format != "weft-log") throw Error(path + ": not a weft log");
  if (h.version != log_version)
    throw Error(path + ": log format " + std::to_string(h.version) + ", this build reads " + std::to_string(log_version));
  return h;
}

/// Reads a whole log of world W; a torn tail is reported in `torn_at`, not an error. A record that is
/// whole (its checksum matches) but does not decode is an error naming the file and the offset.
template <class W>
LogFile<W> load_log(std::string const& path) {
  LogFile<W> log;
  log.header = load_log_header(path);
  std::string const bytes = read_file(path);
  bool first = true;
  std::string const what = path + ": a record";
  log.torn_at = detail::for_each_frame(bytes, [&](std::string_view payload, std::size_t at) {
    if (first) return void(first = false);
    try {
      log.records.push_back(decode_bytes<LogRecord<W>>(payload, what));
    } catch (Error const& e) {
      throw Error(std::string(e.what()) + " (the record at byte " + std::to_string(at) + ")");
    }
  });
  return log;
}

}  // namespace weft::runtime
