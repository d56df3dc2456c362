// How the engines store and fingerprint the states of a simulated world (World, world.hpp) without
// re-encoding or copying whole worlds: collapse compression plus a compositional fingerprint.
//
// Stored form: the node count, each node's index in a table of node records, the index of the rest (fault
// budget, partition, observations), the message count and each message's index in a table of envelopes,
// in the network's canonical order, all as LEB128 integers: a three-node Raft world with four messages
// in flight is about ten bytes, where its encoding is hundreds.
//
// Fingerprint: each component's XXH3 fingerprint (of its canonical bytes, kept in its table) goes
// through a 64-bit mixer salted by its kind and place (node i; a message's rank within its link under
// fifo delivery, none otherwise), and the world's fingerprint is the mixed sum of those. Sums do not see
// order, so the messages in flight count as a multiset whatever the order they were sent in; node places
// and fifo ranks are in the salt, so the order that matters is seen. With each component's fingerprint a
// random 64-bit value, two different worlds collide when a nonzero sum of mixed values vanishes, with
// probability about 2^-64: the same birthday estimate (n^2 / 2^65 over n states) as hashing the whole
// encoding. A step re-encodes and rehashes only what it touched: the node that ran, the messages sent
// and the rest when it changed; everything else is an index and a fingerprint already in a table. With
// 128-bit keys each component has a 128-bit XXH3 fingerprint, and its second half is summed the same way
// (other salts) into the key's second half: two worlds collide when both sums vanish, about 2^-128.
//
// Copy-free steps: the worker steps the expanded world in place, reads the successor's touched parts,
// then puts back what the step changed: the node from its table, the network by reversing the delta the
// world reports (NetworkDelta: where a message was taken out, where messages were added), the rest. Action properties need both states at once; then the successor is a copy.
#pragma once

#include <weft/checker/frontier.hpp>
#include <weft/checker/intern_table.hpp>
#include <weft/encode.hpp>
#include <weft/fingerprint.hpp>
#include <weft/world_state.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::checker {

namespace detail {
template <class S>
struct IsWorldState : std::false_type {};
template <class Node, class Msg, class Out>
struct IsWorldState<WorldState<Node, Msg, Out>> : std::true_type {};

// A strong 64-bit mixer (a bijection): component fingerprints go through it before they are summed, so
// that sums of related fingerprints do not cancel.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}
inline constexpr std::uint64_t node_salt = 0x9e3779b97f4a7c15ULL, message_salt = 0xc2b2ae3d27d4eb4fULL,
                               rest_salt = 0x165667b19e3779f9ULL, place_step = 0x27d4eb2f165667c5ULL;
inline constexpr std::uint64_t check_salt = 0x5bd1e9955bd1e995ULL;

// A world's key before its final mix: the sum of its components' terms, in each half of the key (the
// second only with 128-bit keys).
struct Sum {
  std::uint64_t a = 0, b = 0;
  Sum& operator+=(Sum t) {
    a += t.a, b += t.b;
    return *this;
  }
  Sum& operator-=(Sum t) {
    a -= t.a, b -= t.b;
    return *this;
  }
};
inline Sum term(Key k, std::uint64_t salt, bool wide) { return {mix64(k.fp ^ salt), wide ? mix64(k.check ^ salt ^ check_salt) : 0}; }
inline Sum node_term(Key k, std::size_t i, bool wide) { return term(k, node_salt + i * place_step, wide); }
inline Sum message_term(Key k, std::size_t rank, bool wide) { return term(k, message_salt + rank * place_step, wide); }
inline Sum rest_term(Key k, bool wide) { return term(k, rest_salt, wide); }
inline Key final_key(Sum s, bool wide) { return {mix64(s.a), wide ? mix64(s.b) : 0}; }
}  // namespace detail

/// A model whose states are simulated worlds and which names the node each event may change (World).
template <class M>
concept WorldModel = detail::IsWorldState<typename M::State>::value &&
                     requires(M const& m, typename M::State& s, typename M::Action const& a, NetworkDelta& d) {
  { M::touched_node(a) } -> std::same_as<std::optional<NodeId>>;
  { m.delivery() } -> std::same_as<Delivery>;
  { m.transition(s, a, s, nullptr, d) } -> std::same_as<char const*>;
};

/// Stores, loads, fingerprints and steps the states of a WorldModel (see the banner).
template <WorldModel M>
class WorldCodec {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  using Node = typename decltype(State::nodes)::value_type;
  using Envelope = typename decltype(State::network)::value_type;
  using Observed = decltype(State::observed);

  /// The part of a world that is neither a node nor a message.
  struct Rest {
    FaultBudget budget{};
    std::uint64_t partition = 0;
    Observed observed{};
  };

  /// One worker's scratch: caches, the expanded state's indices, what a step touched.
  struct Workspace {
    InternCache nodes_cache, messages_cache, rest_cache;
    ByteBuffer bytes;
    std::vector<std::uint32_t> nodes, messages;  // the loaded state's indices, and their parts' keys
    std::vector<Key> node_fps, message_fps;
    std::uint32_t rest = 0;
    Key rest_fp{}, key{};
    detail::Sum sum;  // the loaded state's key before the final mix
    std::vector<std::uint32_t> succ_nodes, succ_messages;  // the successor's
    std::vector<Key> succ_node_fps, succ_message_fps;
    std::optional<NodeId> touched;
    NetworkDelta delta;            // where the last step changed the network
    bool in_place = false;
    State copy{};
    // The state whose parts the indices above describe: loading the next state into it copies only the
    // parts that differ (consecutive frontier states share most of theirs).
    State const* held_by = nullptr;
  };

  /// A codec for `model`'s worlds; `symmetry`: store and fingerprint each state's representative; `wide`:
  /// 128-bit keys.
  WorldCodec(M const& model, bool symmetry, bool wide = false) : model_(model), symmetry_(symmetry), wide_(wide) {}

  /// The key of `s` (of its representative under symmetry), computed from scratch.
  Key key(State const& s) const {
    if (symmetry_) return plain_key(model_.representative(s));
    return plain_key(s);
  }

  /// Appends the stored form of `s` (its representative under symmetry) to `out`; returns its key.
  Key store(Workspace& ws, State const& s, ByteBuffer& out) {
    if (symmetry_) {
      ws.copy = model_.representative(s);
      return store_whole(ws, ws.copy, out);
    }
    return store_whole(ws, s, out);
  }

  /// Reads a stored form into `out`, remembering its indices in `ws` for the steps that follow.
  void load(Workspace& ws, std::string_view record, State& out) const {
    auto const* at = reinterpret_cast<unsigned char const*>(record.data());
    std::uint64_t n = 0, v = 0;
    bool const held = ws.held_by == &out;
    ws.held_by = &out;
    at = weft::checker::detail::get_varint(at, n);
    at = gather(nodes_, at, n, held, ws.nodes, ws.node_fps, out.nodes);
    at = weft::checker::detail::get_varint(at, v);
    if (!held || ws.rest != v) {
      auto const& r = rests_.at(ws.rest = static_cast<std::uint32_t>(v));
      ws.rest_fp = r.key;
      out.budget = r.value.budget;
      out.partition = r.value.partition;
      out.observed = r.value.observed;
    }
    at = weft::checker::detail::get_varint(at, n);
    gather(messages_, at, n, held, ws.messages, ws.message_fps, out.network);
    ws.sum = sum_of(ws.node_fps, ws.rest_fp, ws.message_fps, out.network);
    ws.key = detail::final_key(ws.sum, wide_);
  }

  /// The key of the state last loaded into `ws` (no encoding: its components' fingerprints are in the tables).
  Key loaded_key(Workspace const& ws) const { return ws.key; }

  /// Takes event `a` from `parent` (loaded into `ws`): in place, unless `keep_parent` (action properties
  /// need both states), when the successor is a copy. Returns the successor, or nullptr when `a` is not
  /// enabled (parent unchanged). After a successor, call undo() before the next step.
  State const* step(Workspace& ws, State& parent, Action const& a, bool keep_parent) {
    ws.touched = M::touched_node(a);
    if (keep_parent) {
      ws.in_place = false;
      ws.copy = parent;
      return model_.transition(ws.copy, a, ws.copy, nullptr, ws.delta) ? nullptr : &ws.copy;
    }
    ws.in_place = true;
    if (model_.transition(parent, a, parent, nullptr, ws.delta)) {
      undo(ws, parent);
      return nullptr;
    }
    return &parent;
  }

  /// Appends the stored form of the successor step() returned; returns its key. Only what the step
  /// touched is encoded and hashed.
  Key store_successor(Workspace& ws, State const& succ, ByteBuffer& out) {
    if (symmetry_ || succ.nodes.size() != ws.nodes.size()) return store(ws, succ, out);
    ws.succ_nodes.assign(ws.nodes.begin(), ws.nodes.end());
    ws.succ_node_fps.assign(ws.node_fps.begin(), ws.node_fps.end());
    if (ws.touched && *ws.touched < succ.nodes.size()) {
      NodeId const t = *ws.touched;
      ws.succ_nodes[t] = intern_node(ws, succ.nodes[t], ws.succ_node_fps[t]);
    }
    successor_messages(ws, succ);
    std::uint32_t rest = ws.rest;
    Key rest_fp = ws.rest_fp;
    Rest const& was = rests_.at(ws.rest).value;
    if (!(succ.partition == was.partition && succ.observed.size() == was.observed.size() && weft::equal(succ.budget, was.budget)))
      rest = intern_rest(ws, succ, rest_fp);
    write(out, ws.succ_nodes, rest, ws.succ_messages);
    if (fifo()) return detail::final_key(sum_of(ws.succ_node_fps, rest_fp, ws.succ_message_fps, succ.network), wide_);
    // Without fifo ranks a message's term does not depend on its neighbours: the parent's sum, less the
    // terms of what the step replaced, plus those of what it made.
    detail::Sum sum = ws.sum;
    sum += detail::rest_term(rest_fp, wide_);
    sum -= detail::rest_term(ws.rest_fp, wide_);
    if (ws.touched && *ws.touched < succ.nodes.size()) {
      sum += detail::node_term(ws.succ_node_fps[*ws.touched], *ws.touched, wide_);
      sum -= detail::node_term(ws.node_fps[*ws.touched], *ws.touched, wide_);
    }
    if (ws.delta.removed >= 0) sum -= detail::message_term(ws.message_fps[static_cast<std::size_t>(ws.delta.removed)], 0, wide_);
    for (std::size_t j : ws.delta.added) sum += detail::message_term(ws.succ_message_fps[j], 0, wide_);
    return detail::final_key(sum, wide_);
  }

  /// Puts back in `parent` what the last in-place step changed: the touched node from its table, and the
  /// network by reversing the step's delta (the messages added taken out, the one taken out put back), so
  /// that only one message is copied.
  void undo(Workspace& ws, State& parent) const {
    if (!ws.in_place) return;
    ws.in_place = false;
    if (ws.touched && *ws.touched < parent.nodes.size()) parent.nodes[*ws.touched] = nodes_.at(ws.nodes[*ws.touched]).value;
    undo_network(ws, parent.network);
    ws.delta.clear();
    Rest const& r = rests_.at(ws.rest).value;
    parent.budget = r.budget;
    parent.partition = r.partition;
    parent.observed.resize(r.observed.size());  // a step only appends observations
  }

  /// The bytes the part tables hold.
  std::size_t table_bytes() const { return nodes_.bytes() + messages_.bytes() + rests_.bytes(); }

 private:
  // Reverses the step's network delta in one pass: the messages the step added are squeezed out and the
  // one it took is put back on the way, so each kept message moves at most once (erasing and inserting
  // would move every message after them once per change), and only the one taken is copied. Once the
  // write position catches up with the read position nothing after it moves.
  void undo_network(Workspace const& ws, std::vector<Envelope>& net) const {
    auto const& added = ws.delta.added;
    std::ptrdiff_t const r = ws.delta.removed;
    auto const put_back = [&]() -> Envelope const& { return messages_.at(ws.messages[static_cast<std::size_t>(r)]).value; };
    if (added.empty()) {
      if (r >= 0) net.insert(net.begin() + r, put_back());
      return;
    }
    bool pending = r >= 0;
    auto const back_at = static_cast<std::size_t>(pending ? r : 0);
    std::size_t w = added[0], j = added[0], skipped = 0;  // write place, read place, added ones passed
    if (pending && back_at < w) {  // it goes before the first added one: shift the messages between
      std::move_backward(net.begin() + r, net.begin() + static_cast<std::ptrdiff_t>(w), net.begin() + static_cast<std::ptrdiff_t>(w) + 1);
      net[back_at] = put_back();
      pending = false;
      ++w, ++j, ++skipped;
    }
    for (; j < net.size(); ++j) {
      if (!pending && skipped == added.size() && w == j) return;
      if (skipped < added.size() && added[skipped] == j) {
        ++skipped;
        continue;
      }
      if (pending && w == back_at) {
        net[w++] = put_back();
        pending = false;
      }
      if (w != j) net[w] = std::move(net[j]);
      ++w;
    }
    if (pending) net[w++] = put_back();
    net.erase(net.begin() + static_cast<std::ptrdiff_t>(w), net.end());
  }

  // Reads `n` indices at `at` into `indices` (and their parts' fingerprints into `fps`) and copies their
  // parts into `out`; when `held`, `indices` describe what `out` holds, and equal slots are not copied.
  // Returns the end.
  template <class T>
  static unsigned char const* gather(InternTable<T> const& table, unsigned char const* at, std::size_t n, bool held,
                                     std::vector<std::uint32_t>& indices, std::vector<Key>& fps,
                                     std::vector<T>& out) {
    std::size_t const had = held ? indices.size() : 0;
    indices.resize(n);
    fps.resize(n);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t v = 0;
      at = weft::checker::detail::get_varint(at, v);
      if (i < had && indices[i] == v) continue;
      auto const& e = table.at(indices[i] = static_cast<std::uint32_t>(v));
      fps[i] = e.key;
      out[i] = e.value;
    }
    return at;
  }

  static void rest_bytes(ByteBuffer& out, State const& s) {
    encode(out, s.budget);
    encode(out, s.partition);
    encode(out, s.observed);
  }

  bool fifo() const { return model_.delivery() == Delivery::fifo; }
  static bool same_link(Envelope const& a, Envelope const& b) { return a.from == b.from && a.to == b.to; }

  // From scratch, no tables: what sum_of() and the final mix give for the same world.
  Key plain_key(State const& s) const {
    detail::Sum sum;
    for (std::size_t i = 0; i < s.nodes.size(); ++i) sum += detail::node_term(key_of(s.nodes[i], wide_), i, wide_);
    std::size_t rank = 0;
    for (std::size_t j = 0; j < s.network.size(); ++j) {
      rank = fifo() && j > 0 && same_link(s.network[j - 1], s.network[j]) ? rank + 1 : 0;
      sum += detail::message_term(key_of(s.network[j], wide_), rank, wide_);
    }
    ByteBuffer& buf = scratch_buffer();
    buf.clear();
    rest_bytes(buf, s);
    sum += detail::rest_term(key_of_bytes(buf.data(), buf.size(), wide_), wide_);
    return detail::final_key(sum, wide_);
  }

  // The sum the key mixes, from the parts' keys (no table is read: the workspace keeps them).
  detail::Sum sum_of(std::vector<Key> const& nodes, Key rest, std::vector<Key> const& messages,
                     std::vector<Envelope> const& network) const {
    detail::Sum sum = detail::rest_term(rest, wide_);
    for (std::size_t i = 0; i < nodes.size(); ++i) sum += detail::node_term(nodes[i], i, wide_);
    if (fifo()) {
      std::size_t rank = 0;
      for (std::size_t j = 0; j < messages.size(); ++j) {
        rank = j > 0 && same_link(network[j - 1], network[j]) ? rank + 1 : 0;
        sum += detail::message_term(messages[j], rank, wide_);
      }
    } else {
      for (Key m : messages) sum += detail::message_term(m, 0, wide_);
    }
    return sum;
  }

  // Each interns a part and sets `fp` to its key.
  std::uint32_t intern_node(Workspace& ws, Node const& n, Key& fp) {
    return intern(nodes_, ws.nodes_cache, ws.bytes, fp, [&](ByteBuffer& b) { encode(b, n); }, [&] { return n; });
  }
  std::uint32_t intern_message(Workspace& ws, Envelope const& e, Key& fp) {
    return intern(messages_, ws.messages_cache, ws.bytes, fp, [&](ByteBuffer& b) { encode(b, e); }, [&] { return e; });
  }
  std::uint32_t intern_rest(Workspace& ws, State const& s, Key& fp) {
    return intern(rests_, ws.rest_cache, ws.bytes, fp, [&](ByteBuffer& b) { rest_bytes(b, s); },
                  [&] { return Rest{s.budget, s.partition, s.observed}; });
  }
  // Encodes a part with `write` into `bytes`, keys it, and interns it through the worker's cache.
  template <class T, class Write, class Make>
  std::uint32_t intern(InternTable<T>& table, InternCache& cache, ByteBuffer& bytes, Key& fp, Write&& write, Make&& make) {
    bytes.clear();
    write(bytes);
    std::string_view const b = bytes.view();
    fp = key_of_bytes(b.data(), b.size(), wide_);
    return cache.intern(table, b, fp, std::forward<Make>(make));
  }

  // The successor's message indices from the step's network delta: the messages it added are interned,
  // the others keep the parent's indices in order, less the one taken out.
  void successor_messages(Workspace& ws, State const& succ) {
    NetworkDelta const& d = ws.delta;
    ws.succ_messages.resize(succ.network.size());
    ws.succ_message_fps.resize(succ.network.size());
    std::size_t p = 0, next_added = 0;
    for (std::size_t j = 0; j < succ.network.size(); ++j) {
      if (next_added < d.added.size() && d.added[next_added] == j) {
        ++next_added;
        ws.succ_messages[j] = intern_message(ws, succ.network[j], ws.succ_message_fps[j]);
        continue;
      }
      p += d.removed >= 0 && p == static_cast<std::size_t>(d.removed);
      ws.succ_message_fps[j] = ws.message_fps[p];
      ws.succ_messages[j] = ws.messages[p++];
    }
  }

  Key store_whole(Workspace& ws, State const& s, ByteBuffer& out) {
    ws.succ_nodes.resize(s.nodes.size());
    ws.succ_node_fps.resize(s.nodes.size());
    for (std::size_t i = 0; i < s.nodes.size(); ++i) ws.succ_nodes[i] = intern_node(ws, s.nodes[i], ws.succ_node_fps[i]);
    ws.succ_messages.resize(s.network.size());
    ws.succ_message_fps.resize(s.network.size());
    for (std::size_t j = 0; j < s.network.size(); ++j) ws.succ_messages[j] = intern_message(ws, s.network[j], ws.succ_message_fps[j]);
    Key rest_fp{};
    std::uint32_t const rest = intern_rest(ws, s, rest_fp);
    write(out, ws.succ_nodes, rest, ws.succ_messages);
    return detail::final_key(sum_of(ws.succ_node_fps, rest_fp, ws.succ_message_fps, s.network), wide_);
  }

  static void write(ByteBuffer& out, std::vector<std::uint32_t> const& nodes, std::uint32_t rest,
                    std::vector<std::uint32_t> const& messages) {
    weft::checker::detail::put_varint(out, nodes.size());
    for (std::uint32_t i : nodes) weft::checker::detail::put_varint(out, i);
    weft::checker::detail::put_varint(out, rest);
    weft::checker::detail::put_varint(out, messages.size());
    for (std::uint32_t m : messages) weft::checker::detail::put_varint(out, m);
  }

  M const& model_;
  bool symmetry_;
  bool wide_;
  InternTable<Node> nodes_;
  InternTable<Envelope> messages_;
  InternTable<Rest> rests_;
};

}  // namespace weft::checker
