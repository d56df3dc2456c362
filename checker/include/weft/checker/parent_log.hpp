// Parent links for counterexamples, kept on disk (TLC keeps its trace file the same way): for each depth,
// the (state, parent) fingerprint pairs discovered there. A path is rebuilt by walking the links back
// and then replaying the model forward, so no visited state is kept in memory.
#pragma once

#include <weft/checker/scratch_file.hpp>
#include <weft/error.hpp>
#include <weft/fingerprint.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace weft::checker {

/// A state's fingerprint and its parent's.
struct ParentLink {
  Fingerprint state;   ///< the state discovered
  Fingerprint parent;  ///< the state it was first reached from
  template <class Archive>
  void serialize(Archive& ar) {
    ar(state, parent);
  }
};

/// Append-only parent links, one segment per depth, in a scratch file (no name once opened, so nothing is
/// left behind whatever ends the process), under the work directory given or $TMPDIR.
/// Workers may append concurrently; all links of one depth are appended before any of the next.
class ParentLog {
 public:
  /// [begin, end) in links, per depth.
  using Segments = std::vector<std::pair<std::size_t, std::size_t>>;

  /// A log in `dir` ("": $TMPDIR, else /tmp).
  explicit ParentLog(std::string const& dir = "") : file_(dir, "parent log") {}

  /// Appends `n` links of states found at `depth` (1 = initial).
  void append(std::size_t depth, ParentLink const* links, std::size_t n) {
    if (n == 0) return;
    std::lock_guard lock(mutex_);
    while (segments_.size() <= depth) segments_.push_back({end_, end_});
    file_.append(links, n * sizeof(ParentLink));
    end_ += n;
    segments_[depth].second = end_;
  }
  /// Appends the links of states found at `depth`.
  void append(std::size_t depth, std::vector<ParentLink> const& links) { append(depth, links.data(), links.size()); }

  /// The parent of `fp`, which was found at `depth`; 0 when it is an initial state or unknown.
  Fingerprint parent_of(Fingerprint fp, std::size_t depth) const {
    std::lock_guard lock(mutex_);
    if (depth >= segments_.size()) return 0;
    auto [begin, end] = segments_[depth];
    std::vector<ParentLink> chunk;
    for (std::size_t at = begin; at < end; at += chunk.size()) {
      read_locked(at, std::min<std::size_t>(end - at, 1 << 16), chunk);
      for (auto const& l : chunk)
        if (l.state == fp) return l.parent;
    }
    return 0;
  }

  /// The fingerprints from an initial state to `fp` (found at `depth`), first to last.
  std::vector<Fingerprint> chain_to(Fingerprint fp, std::size_t depth) const {
    std::vector<Fingerprint> chain{fp};
    for (std::size_t d = depth; d > 1; --d) chain.push_back(fp = parent_of(fp, d));
    return {chain.rbegin(), chain.rend()};
  }

  /// Links stored.
  std::size_t size() const { return end_; }
  /// The per-depth segments (for checkpoints).
  Segments segments() const { return segments_; }
  /// Links [at, at + n) into `out` (for checkpoints, which copy the log in chunks).
  void read(std::size_t at, std::size_t n, std::vector<ParentLink>& out) const {
    std::lock_guard lock(mutex_);
    read_locked(at, n, out);
  }
  /// Restores the segments after a checkpoint's links were appended with append_raw.
  void set_segments(Segments segments) {
    for (auto const& [b, e] : segments)
      if (b > e || e > end_) throw Error("parent log segments do not match its links");
    segments_ = std::move(segments);
  }
  /// Appends links without a depth (restoring a checkpoint; set_segments follows).
  void append_raw(std::vector<ParentLink> const& links) {
    std::lock_guard lock(mutex_);
    file_.append(links.data(), links.size() * sizeof(ParentLink));
    end_ += links.size();
  }

 private:
  void read_locked(std::size_t at, std::size_t n, std::vector<ParentLink>& out) const {
    out.resize(n);
    file_.read(at * sizeof(ParentLink), n * sizeof(ParentLink), out.data());
  }

  ScratchFile file_;
  Segments segments_;
  std::size_t end_ = 0;
  mutable std::mutex mutex_;
};

}  // namespace weft::checker
