// A live node's log: everything that went into it (starts, messages received, timers fired, inputs) and
// everything that came out (messages sent, timers set and cancelled, outputs), with wall-clock times, and
// a snapshot of its whole record every so often. Crash-safe: each record is framed (length, XXH3 of the
// payload, payload) and written with one write(2) as it happens, so a kill loses nothing written.
// Reading tells two failures apart. A torn tail (the last record incomplete or unreadable, nothing
// readable after it: a kill mid-write, a full disk) is reported and ignored, and a restarting node cuts
// it off. A damaged record followed by readable ones is not a torn tail: the log is refused as damaged,
// left as it is, and salvage_log copies every readable record to a new file for inspection.
#pragma once

#include <weft/byte_order.hpp>
#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/error.hpp>
#include <weft/file.hpp>
#include <weft/fingerprint.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
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
  weft::store_le(out.extend(4), static_cast<std::uint32_t>(payload.size()));
  weft::store_le(out.extend(8), fingerprint_bytes(payload.data(), payload.size()));
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

/// The largest log read whole: 16 GiB.
inline constexpr std::uintmax_t max_log_bytes = std::uintmax_t{16} << 30;

namespace detail {
// The payload length of a whole frame at `at` whose checksum matches, or nothing.
inline std::optional<std::size_t> frame_at(std::string_view bytes, std::size_t at) {
  if (at > bytes.size() || bytes.size() - at < frame_head) return std::nullopt;
  auto const* p = reinterpret_cast<unsigned char const*>(bytes.data() + at);
  std::size_t const n = weft::load_le<std::uint32_t>(p);
  if (bytes.size() - at - frame_head < n) return std::nullopt;
  if (fingerprint_bytes(p + frame_head, n) != weft::load_le<std::uint64_t>(p + 4)) return std::nullopt;
  return n;
}

// Where the next whole frame after a bad one at `at` starts, or npos: a 64-bit checksum does not match
// garbage by chance, so a frame found here is a record written after the damage.
inline std::size_t next_frame(std::string_view bytes, std::size_t at) {
  for (std::size_t candidate = at + 1; candidate + frame_head <= bytes.size(); ++candidate)
    if (frame_at(bytes, candidate)) return candidate;
  return std::string_view::npos;
}

// How far a log reads: to its end, to a torn tail, or to damage with readable records after it.
struct Scan {
  std::size_t stop = 0;     ///< the first bad frame (0: none)
  std::size_t resumes = 0;  ///< where readable frames begin again after it (0: nothing readable follows)
};

// Calls f(payload, offset) for each whole frame up to the first bad one.
template <class F>
Scan scan_frames(std::string_view bytes, F&& f) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    auto const n = frame_at(bytes, at);
    if (!n) {
      std::size_t const next = next_frame(bytes, at);
      return {at, next == std::string_view::npos ? 0 : next};
    }
    f(bytes.substr(at + frame_head, *n), at);
    at += frame_head + *n;
  }
  return {};
}

inline Error damaged(std::string const& path, Scan const& scan) {
  return Error(path + ": damaged: the record at byte " + std::to_string(scan.stop) + " does not read, and readable records "
               "follow from byte " + std::to_string(scan.resumes) + ": not a torn tail, so nothing is cut off (`weft salvage " +
               path + " --out COPY` keeps every readable record)");
}
}  // namespace detail

/// What salvage_log kept and skipped.
struct Salvaged {
  std::size_t records = 0;                                  ///< readable records copied
  std::vector<std::pair<std::size_t, std::size_t>> skipped; ///< unreadable byte ranges [from, to)
};

/// Copies every readable record of the log at `path` (before and after any damage) to `out`, atomically.
inline Salvaged salvage_log(std::string const& path, std::string const& out) {
  std::string const bytes = read_file(path, max_log_bytes);
  Salvaged s;
  std::string kept;
  for (std::size_t at = 0; at < bytes.size();) {
    if (auto const n = detail::frame_at(bytes, at)) {
      kept.append(bytes, at, detail::frame_head + *n);
      ++s.records;
      at += detail::frame_head + *n;
      continue;
    }
    std::size_t const next = detail::next_frame(bytes, at);
    s.skipped.push_back({at, next == std::string::npos ? bytes.size() : next});
    at = s.skipped.back().second;
  }
  if (s.records == 0) throw Error(path + ": no readable record: not a weft log");
  write_file_atomic(out, kept);
  return s;
}

/// Reads a log's header alone; throws weft::Error naming the file when it is not a log this build reads.
inline LogHeader load_log_header(std::string const& path) {
  std::string const bytes = read_file(path, max_log_bytes);
  LogHeader h{};
  bool found = false;
  detail::scan_frames(bytes, [&](std::string_view payload, std::size_t) {
    if (found) return;
    h = decode_bytes<LogHeader>(payload, path + ": its header");
    found = true;
  });
  if (!found || h.format != "weft-log") throw Error(path + ": not a weft log");
  if (h.version != log_version)
    throw Error(path + ": log format " + std::to_string(h.version) + ", this build reads " + std::to_string(log_version));
  return h;
}

/// Reads a whole log of world W; a torn tail is reported in `torn_at`, not an error. Damage followed by
/// readable records is an error, as is a record that is whole (its checksum matches) but does not decode:
/// each names the file and the offset.
template <class W>
LogFile<W> load_log(std::string const& path) {
  LogFile<W> log;
  log.header = load_log_header(path);
  std::string const bytes = read_file(path, max_log_bytes);
  bool first = true;
  std::string const what = path + ": a record";
  auto const scan = detail::scan_frames(bytes, [&](std::string_view payload, std::size_t at) {
    if (first) return void(first = false);
    try {
      log.records.push_back(decode_bytes<LogRecord<W>>(payload, what));
    } catch (Error const& e) {
      throw Error(std::string(e.what()) + " (the record at byte " + std::to_string(at) + ")");
    }
  });
  if (scan.resumes) throw detail::damaged(path, scan);
  log.torn_at = scan.stop;
  return log;
}

}  // namespace weft::runtime
