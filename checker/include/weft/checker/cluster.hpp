// The processes of one distributed search, seen from one of them: numbered ranks that send each other
// batches of bytes and meet at collective steps. A breadth-first search given a cluster (Options::cluster)
// splits the fingerprint space between the ranks; each rank owns the shards whose number is its rank
// modulo the cluster's size, and successors travel to their owner in batches (bfs_worker.hpp).
//
//   weft::checker::Options o;
//   o.cluster = cluster.get();                         // mpi_cluster.hpp under mpirun; thread_cluster.hpp in tests
//   auto report = weft::checker::check(model, o);      // every rank calls check(); every rank gets the report
//
// The interface is small so that a transport is easy to write: point-to-point batches that need not
// wait for their receiver, and one collective, all_gather, from which the engines build the rest.
#pragma once

#include <weft/byte_buffer.hpp>
#include <weft/error.hpp>

#include <cstring>
#include <type_traits>
#include <vector>

namespace weft::checker {

/// One process's view of a distributed search.
class Cluster {
 public:
  virtual ~Cluster() = default;
  /// This process's number, from 0.
  virtual unsigned rank() const = 0;
  /// How many processes take part.
  virtual unsigned size() const = 0;
  /// Sends `batch` to rank `to` without waiting for it to be received; leaves `batch` empty (perhaps
  /// holding another buffer's storage, for reuse).
  virtual void send(unsigned to, ByteBuffer& batch) = 0;
  /// Moves one batch that has arrived into `out`; false when none has.
  virtual bool receive(ByteBuffer& out) = 0;
  /// Every rank's `mine`, in rank order. A collective call: every rank makes the same sequence of them.
  virtual std::vector<ByteBuffer> all_gather(ByteBuffer const& mine) = 0;
};

/// Every rank's `value` (a trivially copyable value or a vector of them), in rank order.
template <class T>
std::vector<T> gather(Cluster& c, T const& value) {
  ByteBuffer mine;
  if constexpr (requires { value.data(); value.size(); }) {
    static_assert(std::is_trivially_copyable_v<typename T::value_type>);
    mine.append(value.data(), value.size() * sizeof(typename T::value_type));
  } else {
    static_assert(std::is_trivially_copyable_v<T>);
    mine.append(&value, sizeof value);
  }
  std::vector<T> out;
  for (auto const& b : c.all_gather(mine)) {
    T v{};
    if constexpr (requires { v.data(); v.resize(0); }) {
      v.resize(b.size() / sizeof(typename T::value_type));
      if (b.size()) std::memcpy(v.data(), b.data(), b.size());
    } else {
      if (b.size() != sizeof v) throw Error("a rank of the cluster sent a malformed collective message");
      std::memcpy(&v, b.data(), sizeof v);
    }
    out.push_back(std::move(v));
  }
  return out;
}

/// The sum over the ranks of `value`.
inline std::uint64_t sum(Cluster& c, std::uint64_t value) {
  std::uint64_t total = 0;
  for (auto v : gather(c, value)) total += v;
  return total;
}

/// True when `value` is true on some rank.
inline bool any(Cluster& c, bool value) {
  for (auto v : gather(c, static_cast<unsigned char>(value)))
    if (v) return true;
  return false;
}

/// True when `c` is a cluster of more than one process.
inline bool distributed(Cluster const* c) { return c && c->size() > 1; }

}  // namespace weft::checker
