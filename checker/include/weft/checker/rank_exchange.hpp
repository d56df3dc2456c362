// One rank's traffic within the levels of a distributed breadth-first search. Batches go out as they
// fill, without waiting, and come in whenever the rank polls between states, so that communication
// overlaps expansion. A level ends with one collective step: each rank says how many batches it sent to
// each other rank, so every rank knows how many it has yet to receive, and receives them. No batch of
// the next level can be confused with them: a rank sends the next level's only after the collective that
// follows every level end (BreadthFirst's level summary), which no rank passes before all have received.
#pragma once

#include <weft/checker/cluster.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace weft::checker {

/// Counts what one rank sends and receives in a level, and ends levels.
class RankExchange {
 public:
  /// The traffic of `cluster`'s own rank.
  explicit RankExchange(Cluster& cluster) : cluster_(cluster), sent_(cluster.size(), 0) {}

  /// Sends `batch` to rank `to` (see Cluster::send).
  void send(unsigned to, ByteBuffer& batch) {
    ++sent_[to];
    bytes_sent_ += batch.size();
    cluster_.send(to, batch);
  }

  /// Calls `admit(batch)` on each batch that has arrived; false when none had.
  template <class Admit>
  bool poll(Admit&& admit) {
    bool any = false;
    while (cluster_.receive(in_)) {
      ++received_;
      any = true;
      admit(in_);
    }
    return any;
  }

  /// Ends a level once this rank's batches are all sent: receives (and admits) every batch the others
  /// sent it in the level. Collective.
  template <class Admit>
  void finish_level(Admit&& admit) {
    auto const started = std::chrono::steady_clock::now();
    std::uint64_t expected = 0;
    for (auto const& counts : gather(cluster_, sent_)) {
      if (counts.size() != sent_.size()) throw Error("a rank of the cluster sent a malformed level summary");
      expected += counts[cluster_.rank()];
    }
    while (received_ < expected)
      if (!poll(admit)) std::this_thread::yield();
    if (received_ > expected) throw Error("a rank received more batches than were sent to it in a level");
    received_ = 0;
    std::fill(sent_.begin(), sent_.end(), 0);
    idle_ += std::chrono::steady_clock::now() - started;
  }

  /// Bytes sent so far.
  std::uint64_t bytes_sent() const { return bytes_sent_; }
  /// Time spent ending levels: waiting for the other ranks and receiving what they still sent.
  double idle_seconds() const { return std::chrono::duration<double>(idle_).count(); }

 private:
  Cluster& cluster_;
  std::vector<std::uint64_t> sent_;
  std::uint64_t received_ = 0;
  std::uint64_t bytes_sent_ = 0;
  std::chrono::steady_clock::duration idle_{};
  ByteBuffer in_;
};

}  // namespace weft::checker
