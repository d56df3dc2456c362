// Where workers send each other the successors they found that belong to another worker's shards: batches
// of records, posted whole, so the lock is taken once per batch of thousands of states. A distributed
// search would put a network between the same two calls.
#pragma once

#include <weft/byte_buffer.hpp>

#include <atomic>
#include <mutex>
#include <vector>

namespace weft::checker {

/// One worker's incoming batches.
class Mailbox {
 public:
  /// Hands a batch over (the sender's buffer is left empty).
  void post(ByteBuffer&& batch) {
    std::lock_guard lock(mutex_);
    batches_.push_back(std::move(batch));
    has_mail_.store(true, std::memory_order_release);
  }
  /// True when a batch may be waiting (cheap: no lock).
  bool has_mail() const { return has_mail_.load(std::memory_order_acquire); }
  /// Moves every waiting batch into `out` (which is cleared first).
  void take(std::vector<ByteBuffer>& out) {
    out.clear();
    std::lock_guard lock(mutex_);
    out.swap(batches_);
    has_mail_.store(false, std::memory_order_relaxed);
  }

 private:
  std::mutex mutex_;
  std::vector<ByteBuffer> batches_;
  std::atomic<bool> has_mail_{false};
};

}  // namespace weft::checker
