// How an engine stores, loads, fingerprints and steps states: one interface, two codecs. A hand-written
// model's state is stored as its canonical encoding and fingerprinted by XXH3 over it (PlainCodec); a
// simulated world's is stored as indices into component tables with a compositional fingerprint, and
// stepped in place (WorldCodec, world_codec.hpp). The engines see only the interface:
//
//   Codec<M> codec(model, symmetry, wide);            // wide: 128-bit keys (key.hpp)
//   typename Codec<M>::Workspace ws;                  // one per thread
//   codec.load(ws, record, parent);                   // a stored state, into a reused object
//   State const* next = codec.step(ws, parent, a, false);
//   if (next) key = codec.store_successor(ws, *next, out), codec.undo(ws, parent);
#pragma once

#include <weft/checker/world_codec.hpp>
#include <weft/decode.hpp>
#include <weft/model.hpp>
#include <weft/step.hpp>

#include <string_view>
#include <type_traits>

namespace weft::checker {

/// A model that offers a canonical member of each symmetry class: `State representative(State const&) const`.
template <class M>
concept HasSymmetry = requires(M const& m, typename M::State const& s) {
  { m.representative(s) } -> std::same_as<typename M::State>;
};

/// States stored as their canonical encodings (or their representatives'), fingerprinted by XXH3 over them.
template <Model M>
class PlainCodec {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  /// One worker's scratch.
  struct Workspace {
    State succ{};
    Key loaded{};
  };

  /// A codec for `model`'s states; `symmetry`: store representatives; `wide`: 128-bit keys.
  PlainCodec(M const& model, bool symmetry, bool wide = false) : model_(model), symmetry_(symmetry), wide_(wide) {}

  /// The key of `s` (of its representative under symmetry).
  Key key(State const& s) const {
    // key_of takes the representative first: a user's representative() may use the scratch buffer too.
    if constexpr (HasSymmetry<M>)
      if (symmetry_) return key_of(model_.representative(s), wide_);
    return key_of(s, wide_);
  }
  /// Appends the stored form of `s` to `out`; returns its key.
  Key store(Workspace&, State const& s, ByteBuffer& out) const { return store_into(s, out, out.size()); }
  /// Reads a stored form into `out`.
  void load(Workspace& ws, std::string_view record, State& out) const {
    ByteReader in(record, "stored state");
    decode(in, out);
    ws.loaded = key_of_bytes(record.data(), record.size(), wide_);
  }
  /// The key of the state last loaded.
  Key loaded_key(Workspace const& ws) const { return ws.loaded; }
  /// The successor of `parent` by `a`, or nullptr when `a` is not enabled (parent is never changed).
  State const* step(Workspace& ws, State const& parent, Action const& a, bool) const {
    return weft::step(model_, parent, a, ws.succ) ? &ws.succ : nullptr;
  }
  /// Appends the stored form of a successor; returns its key.
  Key store_successor(Workspace& ws, State const& succ, ByteBuffer& out) const { return store(ws, succ, out); }
  /// Nothing to put back: steps are taken into a separate state.
  void undo(Workspace&, State&) const {}
  /// No part tables: states are stored whole.
  std::size_t table_bytes() const { return 0; }

 private:
  Key store_into(State const& s, ByteBuffer& out, std::size_t start) const {
    bool reduced = false;
    if constexpr (HasSymmetry<M>)
      if ((reduced = symmetry_)) encode(out, model_.representative(s));
    if (!reduced) encode(out, s);
    return key_of_bytes(out.data() + start, out.size() - start, wide_);
  }

  M const& model_;
  bool symmetry_;
  bool wide_;
};

namespace detail {
template <class M>
struct CodecOf {
  using type = PlainCodec<M>;
};
template <class M>
  requires WorldModel<M>
struct CodecOf<M> {
  using type = WorldCodec<M>;
};
}  // namespace detail

/// The codec the engines use for M: WorldCodec for simulated worlds, PlainCodec otherwise.
template <class M>
using Codec = typename detail::CodecOf<M>::type;

/// Re-encodes a stored form as the state's canonical encoding (for checkpoints, which outlive the tables).
template <class M>
void stored_to_canonical(Codec<M> const& codec, typename Codec<M>::Workspace& ws, std::string_view record,
                         typename M::State& scratch, ByteBuffer& out) {
  if constexpr (std::is_same_v<Codec<M>, PlainCodec<M>>) {
    out.append(record.data(), record.size());  // already the canonical encoding
  } else {
    codec.load(ws, record, scratch);
    encode(out, scratch);
  }
}

/// Appends the canonical encoding of a successor whose stored form `stored` was just written (for another
/// rank, whose part tables differ from this process's).
template <class M>
void successor_to_canonical(Codec<M> const&, typename M::State const& succ, std::string_view stored, ByteBuffer& out) {
  if constexpr (std::is_same_v<Codec<M>, PlainCodec<M>>) out.append(stored.data(), stored.size());
  else encode(out, succ);
}

}  // namespace weft::checker
