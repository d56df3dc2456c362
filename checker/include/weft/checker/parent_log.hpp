// Parent links for counterexamples, kept on disk (TLC keeps its trace file the same way): for each depth,
// the (state, parent) fingerprint pairs discovered there. A path is rebuilt by walking the links back
// and then replaying the model forward, so no visited state is kept in memory.
#pragma once

#include <weft/error.hpp>
#include <weft/fingerprint.hpp>

#include <cstdio>
#include <memory>
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

/// Append-only parent links, one segment per depth, in an unnamed temporary file.
class ParentLog {
 public:
  ParentLog() : file_(std::tmpfile()) {
    if (!file_) throw Error("cannot create a temporary file for the parent log");
  }

  /// Appends the links of states found at `depth` (1 = initial; depths come in order).
  void append(std::size_t depth, std::vector<ParentLink> const& links) {
    if (links.empty()) return;
    while (segments_.size() <= depth) segments_.push_back({end_, end_});
    std::fseek(file_.get(), static_cast<long>(end_ * sizeof(ParentLink)), SEEK_SET);
    if (std::fwrite(links.data(), sizeof(ParentLink), links.size(), file_.get()) != links.size())
      throw Error("cannot write the parent log (disk full?)");
    end_ += links.size();
    segments_[depth].second = end_;
  }

  /// The parent of `fp`, which was found at `depth`; 0 when it is an initial state or unknown.
  Fingerprint parent_of(Fingerprint fp, std::size_t depth) const {
    if (depth >= segments_.size()) return 0;
    auto [begin, end] = segments_[depth];
    std::vector<ParentLink> links(end - begin);
    std::fflush(file_.get());
    std::fseek(file_.get(), static_cast<long>(begin * sizeof(ParentLink)), SEEK_SET);
    if (std::fread(links.data(), sizeof(ParentLink), links.size(), file_.get()) != links.size()) return 0;
    for (auto const& l : links)
      if (l.state == fp) return l.parent;
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

  /// Every link, with the per-depth segments (for checkpoints).
  std::pair<std::vector<ParentLink>, std::vector<std::pair<std::size_t, std::size_t>>> dump() const {
    std::vector<ParentLink> links(end_);
    std::fflush(file_.get());
    std::fseek(file_.get(), 0, SEEK_SET);
    if (std::fread(links.data(), sizeof(ParentLink), end_, file_.get()) != end_) throw Error("cannot read the parent log");
    return {std::move(links), segments_};
  }

  /// Replaces the contents with a dump (from a checkpoint).
  void restore(std::vector<ParentLink> const& links, std::vector<std::pair<std::size_t, std::size_t>> segments) {
    std::fseek(file_.get(), 0, SEEK_SET);
    if (std::fwrite(links.data(), sizeof(ParentLink), links.size(), file_.get()) != links.size())
      throw Error("cannot write the parent log (disk full?)");
    end_ = links.size();
    segments_ = std::move(segments);
  }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Close> file_;
  std::vector<std::pair<std::size_t, std::size_t>> segments_;  // [begin, end) per depth, in links
  std::size_t end_ = 0;
};

}  // namespace weft::checker
