// A cluster whose ranks are threads of one process: the distributed search's logic (ownership, level
// ends, counterexamples rebuilt across ranks) tested without MPI, and under the sanitizers.
//
//   weft::checker::ThreadCluster cluster(3);
//   std::vector<std::thread> ranks;
//   for (unsigned r = 0; r < 3; ++r)
//     ranks.emplace_back([&, r] { Options o; o.cluster = &cluster.rank(r); reports[r] = check(model, o); });
#pragma once

#include <weft/checker/cluster.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace weft::checker {

/// `size` ranks that share one process; rank(r) is handed to the thread that plays rank r.
class ThreadCluster {
 public:
  /// A cluster of `size` ranks.
  explicit ThreadCluster(unsigned size) : boxes_(size), slots_(size) {
    for (unsigned r = 0; r < size; ++r) ranks_.push_back(std::make_unique<Rank>(*this, r));
  }
  /// The view of rank `r`.
  Cluster& rank(unsigned r) { return *ranks_.at(r); }

 private:
  class Rank final : public Cluster {
   public:
    Rank(ThreadCluster& all, unsigned r) : all_(all), rank_(r) {}
    unsigned rank() const override { return rank_; }
    unsigned size() const override { return static_cast<unsigned>(all_.ranks_.size()); }
    void send(unsigned to, ByteBuffer& batch) override {
      std::lock_guard lock(all_.mutex_);
      all_.boxes_.at(to).push_back(std::move(batch));
      batch = ByteBuffer{};
    }
    bool receive(ByteBuffer& out) override {
      std::lock_guard lock(all_.mutex_);
      auto& box = all_.boxes_[rank_];
      if (box.empty()) return false;
      out = std::move(box.front());
      box.pop_front();
      return true;
    }
    std::vector<ByteBuffer> all_gather(ByteBuffer const& mine) override {
      std::unique_lock lock(all_.mutex_);
      all_.slots_[rank_].clear();
      all_.slots_[rank_].append(mine.data(), mine.size());
      std::uint64_t const round = all_.round_;
      if (++all_.arrived_ == size()) {  // the last to arrive publishes the round
        all_.arrived_ = 0;
        all_.result_.clear();
        for (auto const& s : all_.slots_) all_.result_.push_back(copy(s));
        ++all_.round_;
        all_.done_.notify_all();
      } else {
        all_.done_.wait(lock, [&] { return all_.round_ != round; });
      }
      // The result stays until every rank has arrived at the next round, so it is read in time.
      std::vector<ByteBuffer> out;
      for (auto const& s : all_.result_) out.push_back(copy(s));
      return out;
    }

   private:
    static ByteBuffer copy(ByteBuffer const& b) {
      ByteBuffer c;
      c.append(b.data(), b.size());
      return c;
    }
    ThreadCluster& all_;
    unsigned rank_;
  };

  std::vector<std::unique_ptr<Rank>> ranks_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::deque<ByteBuffer>> boxes_;
  std::vector<ByteBuffer> slots_, result_;
  unsigned arrived_ = 0;
  std::uint64_t round_ = 0;
};

}  // namespace weft::checker
