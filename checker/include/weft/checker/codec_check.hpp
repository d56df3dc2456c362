// A self-check of the way the engines store and step a model's states (state_codec.hpp), for a model's
// own tests: random walks, and at every state the stored form, the key and each successor taken in place
// are compared with the plain definitions.
//
//   TEST(MyWorld, EnginesStoreItFaithfully) {
//     EXPECT_EQ(weft::checker::codec_disagreement(my::make_world({})), "");
//   }
#pragma once

#include <weft/checker/state_codec.hpp>
#include <weft/fingerprint.hpp>
#include <weft/print.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace weft::checker {

/// How codec_disagreement walks.
struct CodecCheck {
  std::size_t walks = 20;      ///< random walks from the initial states
  std::size_t depth = 30;      ///< steps per walk at most
  std::uint64_t seed = 1;      ///< the walks' seed
  bool symmetry = false;       ///< store representatives (the model must declare symmetry)
  bool wide = false;           ///< 128-bit keys
};

namespace detail {
template <Model M>
typename M::State expected_stored(M const& m, typename M::State const& s, bool symmetry) {
  if constexpr (HasSymmetry<M>)
    if (symmetry) return m.representative(s);
  return s;
}

// Checks every action of `parent` (as loaded into `ws`): in place and on a copy, the successor and its
// stored form agree with a plain step, and undo() restores the parent. "" when all agree.
template <Model M>
std::string check_successors(M const& m, Codec<M>& codec, typename Codec<M>::Workspace& ws, typename M::State& parent,
                             bool symmetry) {
  using State = typename M::State;
  std::string const before = canonical_bytes(parent);
  std::vector<typename M::Action> actions;
  m.actions(parent, actions);
  typename Codec<M>::Workspace other;
  State plain{}, loaded{};
  ByteBuffer record;
  for (auto const& a : actions) {
    for (bool keep : {false, true}) {
      std::string const how = std::string(keep ? " (on a copy)" : " (in place)") + " after `" + to_text(a) + "`";
      bool const enabled = static_cast<bool>(weft::step(m, parent, a, plain));
      State const* succ = codec.step(ws, parent, a, keep);
      if ((succ != nullptr) != enabled) return "the codec's step disagrees on whether it is enabled" + how;
      if (succ) {
        record.clear();
        Key const fp = codec.store_successor(ws, *succ, record);
        if (fp != codec.key(plain)) return "a successor's key differs from the plain key" + how;
        codec.load(other, record.view(), loaded);
        if (canonical_bytes(loaded) != canonical_bytes(expected_stored(m, plain, symmetry)))
          return "a successor's stored form loads as another state" + how;
        codec.undo(ws, parent);
      }
      if (canonical_bytes(parent) != before) return "the state is not restored" + how;
    }
  }
  return "";
}
}  // namespace detail

/// The first disagreement found between the engines' stored, stepped and fingerprinted states and the
/// plain definitions (a state's canonical encoding, weft::step), on random walks; "" when none.
template <Model M>
std::string codec_disagreement(M const& m, CodecCheck const& c = {}) {
  using State = typename M::State;
  Codec<M> codec(m, c.symmetry, c.wide);
  typename Codec<M>::Workspace ws;
  std::mt19937_64 random(c.seed);
  std::vector<State> const starts = m.init_states();
  std::vector<typename M::Action> actions;
  State loaded{}, next{};
  ByteBuffer record;
  for (std::size_t w = 0; w < c.walks && !starts.empty(); ++w) {
    State s = starts[random() % starts.size()];
    for (std::size_t d = 0; d <= c.depth; ++d) {
      std::string const where = " (walk " + std::to_string(w) + ", step " + std::to_string(d) + ")";
      record.clear();
      Key const fp = codec.store(ws, s, record);
      if (fp != codec.key(s)) return "a stored state's key differs from its plain key" + where;
      codec.load(ws, record.view(), loaded);
      if (canonical_bytes(loaded) != canonical_bytes(detail::expected_stored(m, s, c.symmetry)))
        return "a stored state loads as another state" + where;
      if (codec.loaded_key(ws) != fp) return "a loaded state's key differs from its stored key" + where;
      if (std::string why = detail::check_successors(m, codec, ws, loaded, c.symmetry); !why.empty()) return why + where;
      actions.clear();
      m.actions(s, actions);
      std::vector<typename M::Action> enabled;
      for (auto const& a : actions)
        if (weft::step(m, s, a, next)) enabled.push_back(a);
      if (enabled.empty()) break;
      weft::step(m, s, enabled[random() % enabled.size()], next);
      s = next;
    }
  }
  return "";
}

}  // namespace weft::checker
