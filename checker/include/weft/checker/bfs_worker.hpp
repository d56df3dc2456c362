// One breadth-first worker: it expands frontier states, routes each successor to the worker that owns the
// successor's shard of the visited set, and admits the successors routed to it: inserts their fingerprints
// in prefetched batches, checks the properties on the new ones, and queues them for the next level.
// Its buffers live as long as the search, so once warm a worker allocates nothing per state.
// In a distributed search (cluster.hpp) a rank has one worker, and a successor whose shard another rank
// owns travels there as its canonical encoding, since stored forms index this process's part tables.
#pragma once

#include <weft/checker/frontier.hpp>
#include <weft/checker/mailbox.hpp>
#include <weft/checker/parent_log.hpp>
#include <weft/checker/rank_exchange.hpp>
#include <weft/checker/search.hpp>
#include <weft/byte_order.hpp>
#include <weft/decode.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace weft::checker {

/// What the workers of one level share.
struct Level {
  Frontier* current = nullptr;          ///< the states to expand (blocks are taken one by one)
  std::size_t depth = 0;                ///< the depth of those states
  std::atomic<std::size_t> cursor{0};   ///< the next block to take
  std::atomic<unsigned> finished{0};    ///< workers done expanding (their outgoing batches are posted)
};

/// A worker of a breadth-first search.
template <Model M>
class BfsWorker {
 public:
  using State = typename M::State;

  /// Worker `id` of `mailboxes.size()`; `exchange`: this rank's traffic in a distributed search (then
  /// the only worker of its rank), or nullptr.
  BfsWorker(SearchCore<M>& core, ParentLog& log, std::vector<Mailbox>& mailboxes, unsigned id,
            RankExchange* exchange = nullptr)
      : core_(core), log_(log), mailboxes_(mailboxes), id_(id), outbox_(mailboxes.size()), exchange_(exchange),
        remote_(exchange ? core.ranks() : 0) {
    for (auto& box : outbox_) box.reserve(batch_room);
    for (std::size_t s = 0; s < FingerprintSet::shards; ++s) {
      owner_[s] = static_cast<std::uint16_t>(s % mailboxes.size());  // FingerprintSet::owner_of, without a division
      rank_of_[s] = static_cast<std::uint16_t>(s % core.ranks());
    }
  }

  /// Expands blocks of `level` until none is left, then admits what the others route here until all are done.
  void run(Level& level) {
    depth_ = level.depth;
    processed_ = 0;
    try {
      expand_blocks(level);
    } catch (...) {
      core_.stop.store(true);
      level.finished.fetch_add(1, std::memory_order_release);  // the others must not wait for this worker
      throw;
    }
    level.finished.fetch_add(1, std::memory_order_release);
    unsigned const workers = static_cast<unsigned>(mailboxes_.size());
    auto const waiting = std::chrono::steady_clock::now();
    while (level.finished.load(std::memory_order_acquire) < workers) {
      if (!drain()) std::this_thread::yield();
    }
    // From the end of its own expansion to the end of the level (admitting what the others still send):
    // the imbalance a level barrier costs.
    if (workers > 1)
      core_.wait_ns.fetch_add(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::steady_clock::now() - waiting).count()), std::memory_order_relaxed);
    drain();  // every batch was posted before its sender counted itself finished
    if (exchange_) exchange_->finish_level([this](ByteBuffer& batch) { import(batch); });
    core_.coverage.add(counts_);
    core_.generated.fetch_add(generated_, std::memory_order_relaxed);
    generated_ = 0;
    log_.append(depth_ + 1, links_);
    links_.clear();
  }

  /// The states this worker admitted for the next level (moved out).
  Frontier take_next() { return std::move(next_); }
  /// Parent states this worker expanded in the last level.
  std::size_t processed() const { return processed_; }

 private:
  // Successors travel as records: fingerprint, parent fingerprint, the class of the action that made it
  // (16 bits, for coverage), the key's second half when wide, length, stored bytes.
  static constexpr std::size_t batch_bytes = 64 * 1024;
  // A batch is posted once it reaches batch_bytes, so it holds that much and one record more.
  static constexpr std::size_t batch_room = batch_bytes + 4096;
  // Batches kept for reuse: with a balanced load a worker gets back about as many as it posts.
  static constexpr std::size_t max_spares = 8;

  void expand_blocks(Level& level) {
    while (!core_.stop.load(std::memory_order_relaxed)) {
      std::size_t const i = level.cursor.fetch_add(1);
      if (i >= level.current->blocks()) break;
      auto block = level.current->take(i);
      std::size_t n = 0;
      block->for_each(spilled_, [&](std::string_view record) {
        if (core_.stop.load(std::memory_order_relaxed)) return;
        expand(record);
        if (++n % 64 == 0) between_states();
      });
      processed_ += n;
    }
    flush_outboxes();
  }

  void expand(std::string_view record) {
    auto& codec = core_.codec;
    codec.load(ws_, record, parent_);
    Fingerprint const parent_key = codec.loaded_key(ws_).fp;
    actions_.clear();
    core_.model.actions(parent_, actions_);
    bool const steps = core_.checking_steps();
    bool any = false;
    for (auto const& a : actions_) {
      State const* succ = codec.step(ws_, parent_, a, steps);
      if (!succ) continue;
      ++generated_;
      any = true;
      std::size_t const cls = action_class(core_.model, a);
      counts_.step(cls);  // checks the class is in range, so that it fits 16 bits
      auto const c = static_cast<std::uint16_t>(cls);
      if (steps) core_.check_step(parent_, a, *succ, parent_key, depth_, [] { return std::nullopt; });
      if (core_.within_constraints(*succ)) {
        key_.clear();
        Key const k = codec.store_successor(ws_, *succ, key_);
        unsigned const rank = rank_of_[FingerprintSet::shard_of(k.fp)];
        if (rank == core_.rank()) route(k, parent_key, c);
        else send_away(rank, *succ, parent_key, c);
      }
      codec.undo(ws_, parent_);
    }
    if (!any && core_.checking_deadlock()) core_.check_dead_end(parent_key, depth_, [] { return std::nullopt; });
  }

  // Sends a successor's stored form (in key_) to the worker that owns its fingerprint's shard.
  void route(Key k, Fingerprint parent_key, std::uint16_t c) {
    unsigned const owner = owner_[FingerprintSet::shard_of(k.fp)];
    ByteBuffer& box = outbox_[owner];
    put_record(box, k, parent_key, c);
    if (box.size() >= batch_bytes) send(owner);
  }

  // Appends a successor's record (the stored form in key_) to a batch.
  void put_record(ByteBuffer& box, Key k, Fingerprint parent_key, std::uint16_t c) const {
    std::size_t const head = wide_ ? 26 : 18;
    unsigned char* at = box.extend(head + detail::varint_size(key_.size()) + key_.size());
    weft::store_le(at, k.fp);
    weft::store_le(at + 8, parent_key);
    weft::store_le(at + 16, c);
    if (wide_) weft::store_le(at + 18, k.check);
    at = detail::put_varint(at + head, key_.size());
    std::memcpy(at, key_.data(), key_.size());
  }

  // Sends a successor to the rank that owns it: parent fingerprint, action class, 32-bit length, canonical
  // encoding, encoded in place (the length is patched in after).
  void send_away(unsigned rank, State const& succ, Fingerprint parent_key, std::uint16_t c) {
    ByteBuffer& box = remote_[rank];
    std::size_t const head = box.size();
    unsigned char* at = box.extend(14);
    weft::store_le(at, parent_key);
    weft::store_le(at + 8, c);
    successor_to_canonical<M>(core_.codec, succ, key_.view(), box);
    std::size_t const len = box.size() - head - 14;
    if (len > UINT32_MAX) throw Error("a state's encoding is over 4 GiB");
    weft::store_le(box.data() + head + 10, static_cast<std::uint32_t>(len));
    if (box.size() >= batch_bytes) exchange_->send(rank, box);
  }

  // Stores the states of a batch from another rank here and admits them. The batch crossed a process
  // boundary, so it is read with bounds checks; a state this rank does not own means the ranks disagree
  // on the model.
  void import(ByteBuffer& batch) {
    ByteReader in(batch.view(), "batch from another rank");
    imported_.clear();
    while (in.remaining()) {
      Fingerprint const parent = weft::load_le<Fingerprint>(in.take(8));
      auto const c = weft::load_le<std::uint16_t>(in.take(2));
      if (c >= core_.coverage.classes()) throw Error("a state arrived from another rank with an unknown action class: do all ranks run the same model?");
      std::uint32_t const len = weft::load_le<std::uint32_t>(in.take(4));
      ByteReader record(std::string_view(reinterpret_cast<char const*>(in.take(len)), len), "state from another rank");
      decode(record, import_state_);
      record.expect_end();
      key_.clear();
      Key const k = core_.codec.store(import_ws_, import_state_, key_);
      if (rank_of_[FingerprintSet::shard_of(k.fp)] != core_.rank())
        throw Error("a state arrived at a rank that does not own it: do all ranks run the same model and settings?");
      put_record(imported_, k, parent, c);
    }
    batch.clear();
    admit(imported_);
  }

  // Between parent states: take in mail, publish counters, watch the budgets.
  void between_states() {
    drain();
    core_.generated.fetch_add(generated_, std::memory_order_relaxed);
    generated_ = 0;
    if (core_.states_exhausted()) core_.halt(Bound::states);
    core_.check_clock();
    if (++checks_ % 16 == 0) core_.check_memory();  // a system call: every thousand states or so
  }

  void send(unsigned owner) {
    if (owner == id_) {
      admit(outbox_[owner]);
      return;
    }
    mailboxes_[owner].post(std::move(outbox_[owner]));
    outbox_[owner] = spare();
  }

  // An empty batch with room for a whole one: a batch another worker sent here, once admitted, else a new
  // one. Batches circulate instead of being grown from nothing and freed by the thread that did not
  // allocate them, which left the heap arenas holding megabytes of free chunks.
  ByteBuffer spare() {
    ByteBuffer batch;
    if (!spares_.empty()) {
      batch = std::move(spares_.back());
      spares_.pop_back();
    }
    batch.reserve(batch_room);
    return batch;
  }

  void flush_outboxes() {
    for (unsigned w = 0; w < outbox_.size(); ++w)
      if (outbox_[w].size()) send(w);
    for (unsigned r = 0; r < remote_.size(); ++r)
      if (remote_[r].size()) exchange_->send(r, remote_[r]);
  }

  // Admits every batch in this worker's mailbox; false when there was none.
  bool drain() {
    if (exchange_ && exchange_->poll([this](ByteBuffer& batch) { import(batch); })) return true;
    if (!mailboxes_[id_].has_mail()) return false;
    mailboxes_[id_].take(inbox_);
    for (auto& batch : inbox_) {
      admit(batch);
      if (spares_.size() < max_spares) spares_.push_back(std::move(batch));
    }
    inbox_.clear();
    return true;
  }

  // Inserts a batch's fingerprints (prefetched, a group at a time) and keeps the new states. Batches are
  // written by workers of this search, so they are parsed without bounds checks.
  void admit(ByteBuffer& batch) {
    unsigned char const* at = batch.data();
    unsigned char const* const end = at + batch.size();
    while (at < end) {
      std::size_t n = 0;
      for (; n < group && at < end; ++n) {
        keys_[n] = {weft::load_le<Fingerprint>(at), wide_ ? weft::load_le<std::uint64_t>(at + 18) : 0};
        parents_[n] = weft::load_le<Fingerprint>(at + 8);
        classes_[n] = weft::load_le<std::uint16_t>(at + 16);
        std::uint64_t len = 0;
        at = detail::get_varint(at + (wide_ ? 26 : 18), len);
        records_[n] = std::string_view(reinterpret_cast<char const*>(at), static_cast<std::size_t>(len));
        at += len;
      }
      core_.visited.insert_batch(keys_.data(), n, fresh_.data());
      for (std::size_t i = 0; i < n; ++i)
        if (fresh_[i]) {
          counts_.found(classes_[i]);
          keep(keys_[i].fp, parents_[i], records_[i]);
        }
    }
    batch.clear();
  }

  void keep(Fingerprint fp, Fingerprint parent, std::string_view record) {
    links_.push_back({fp, parent});
    if (links_.size() >= (1u << 16)) {
      log_.append(depth_ + 1, links_);
      links_.clear();
    }
    if (core_.checking_states()) {
      core_.codec.load(found_ws_, record, found_);
      core_.check(found_, fp, depth_ + 1, [] { return std::nullopt; });
    }
    next_.push(record);
  }

  static constexpr std::size_t group = 256;  // long enough that prefetches run well ahead of inserts

  SearchCore<M>& core_;
  ParentLog& log_;
  std::vector<Mailbox>& mailboxes_;
  unsigned id_;
  bool const wide_ = core_.visited.wide();
  std::size_t depth_ = 0;
  std::size_t processed_ = 0;
  std::uint64_t generated_ = 0;
  std::uint64_t checks_ = 0;

  State parent_{}, found_{};
  typename Codec<M>::Workspace ws_, found_ws_;
  std::vector<typename M::Action> actions_;
  ByteBuffer key_, imported_, spilled_;
  std::vector<ByteBuffer> outbox_, inbox_, spares_;
  RankExchange* exchange_;
  std::vector<ByteBuffer> remote_;  // per rank: successors it owns, in canonical form
  State import_state_{};
  typename Codec<M>::Workspace import_ws_;
  std::array<Key, group> keys_{};
  std::array<Fingerprint, group> parents_{};
  std::array<std::uint16_t, group> classes_{};
  std::array<std::string_view, group> records_{};
  std::array<bool, group> fresh_{};
  std::vector<ParentLink> links_;
  CoverageCounts counts_{core_.coverage.classes()};
  Frontier next_{&core_.spill};
  std::array<std::uint16_t, FingerprintSet::shards> owner_{};
  std::array<std::uint16_t, FingerprintSet::shards> rank_of_{};
};

}  // namespace weft::checker
