// How the engines store and fingerprint worlds (world_codec.hpp): the compositional fingerprint does not
// see send order where delivery does not, sees it where fifo delivery does, and is one per symmetry class,
// with 64-bit keys and 128-bit ones; stored forms round-trip and in-place steps agree with plain steps on
// random walks of bundled worlds (each protocol's own tests walk it too; see properties/).
#include <ping_pong/ping_pong.hpp>
#include <raft/raft.hpp>
#include <weft/checker/codec_check.hpp>
#include <weft/checker/state_codec.hpp>
#include <weft/world_symmetry.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <random>

namespace {

using weft::checker::Codec;
using weft::checker::CodecCheck;
using weft::checker::codec_disagreement;

static_assert(std::is_same_v<Codec<ping_pong::World>, weft::checker::WorldCodec<ping_pong::World>>);

// A state reached by `steps` random events of `w` (seeded), with messages in flight when it can be.
template <class W>
typename W::State walk(W const& w, std::uint64_t seed, std::size_t steps) {
  std::mt19937_64 random(seed);
  auto s = w.init_states().at(0);
  std::vector<typename W::Action> actions;
  for (std::size_t i = 0; i < steps; ++i) {
    actions.clear();
    w.actions(s, actions);
    if (actions.empty()) break;
    s = weft::after(w, s, actions[random() % actions.size()]);
  }
  return s;
}

// The same state with its messages in flight sent again in a shuffled order.
template <class W>
typename W::State resent(W const& w, typename W::State s, std::uint64_t seed) {
  auto messages = s.network;
  std::shuffle(messages.begin(), messages.end(), std::mt19937_64(seed));
  s.network.clear();
  for (auto& e : messages) weft::Network<typename W::Msg>::send(w.delivery(), s.network, e);
  return s;
}

ping_pong::World busy_pings(weft::Delivery d) {
  return ping_pong::make_world({1, 2, 3}).delivery(d).faults({.drops = 1, .duplicates = 2});
}

RC_GTEST_PROP(WorldCodec, KeyIgnoresSendOrderOnUnorderedNetworks, ()) {
  auto const w = busy_pings(weft::Delivery::unordered);
  auto const s = walk(w, *rc::gen::arbitrary<std::uint64_t>(), *rc::gen::inRange<std::size_t>(0, 12));
  Codec<ping_pong::World> codec(w, false, *rc::gen::arbitrary<bool>());
  auto const again = resent(w, s, *rc::gen::arbitrary<std::uint64_t>());
  RC_ASSERT(weft::canonical_bytes(again) == weft::canonical_bytes(s));
  RC_ASSERT(codec.key(again) == codec.key(s));
}

RC_GTEST_PROP(WorldCodec, KeySeesOrderWithinAFifoLinkOnly, ()) {
  auto const w = busy_pings(weft::Delivery::fifo);
  auto s = walk(w, *rc::gen::arbitrary<std::uint64_t>(), *rc::gen::inRange<std::size_t>(0, 12));
  bool const wide = *rc::gen::arbitrary<bool>();
  Codec<ping_pong::World> codec(w, false, wide);
  // Interleaving the links differently is the same state: stable-sorting by link restores it.
  auto shuffled = s;
  std::shuffle(shuffled.network.begin(), shuffled.network.end(), std::mt19937_64(*rc::gen::arbitrary<std::uint64_t>()));
  auto by_link = [](auto const& a, auto const& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; };
  auto relinked = s;
  std::stable_sort(relinked.network.begin(), relinked.network.end(), by_link);
  RC_ASSERT(codec.key(relinked) == codec.key(s));
  // Swapping two different messages of one link is another state, with another key.
  for (std::size_t j = 0; j + 1 < s.network.size(); ++j) {
    auto const& a = s.network[j];
    auto const& b = s.network[j + 1];
    if (a.from == b.from && a.to == b.to && !weft::equal(a, b)) {
      auto swapped = s;
      std::swap(swapped.network[j], swapped.network[j + 1]);
      RC_ASSERT(codec.key(swapped).fp != codec.key(s).fp);
      if (wide) RC_ASSERT(codec.key(swapped).check != codec.key(s).check);
    }
  }
}

TEST(WorldCodec, KeyIsOnePerSymmetryClass) {
  raft::Settings cfg;
  cfg.requests = 1;  // nodes 1 and 2 are idle and interchangeable
  auto const w = raft::make_world(cfg);
  ASSERT_TRUE(w.has_symmetry());
  weft::NodeMap swap12{{0, 2, 1}};
  for (bool wide : {false, true}) {
    Codec<raft::World> reduced(w, true, wide), plain(w, false, wide);
    std::size_t told_apart = 0;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
      auto const s = walk(w, seed, 10);
      auto const renamed = weft::rename_nodes(s, swap12, w.delivery());
      EXPECT_EQ(reduced.key(renamed), reduced.key(s)) << "seed " << seed;
      told_apart += plain.key(renamed) != plain.key(s);
    }
    EXPECT_GT(told_apart, 0u);  // without reduction the renamed states are other states
  }
}

TEST(WorldCodec, DifferentStatesGetDifferentKeys) {
  auto const w = busy_pings(weft::Delivery::unordered);
  Codec<ping_pong::World> codec(w, false), wide(w, false, true);
  std::map<weft::Fingerprint, std::string> seen;
  std::map<std::pair<weft::Fingerprint, std::uint64_t>, std::string> seen_wide;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    auto const s = walk(w, seed, seed % 14);
    auto [it, fresh] = seen.emplace(codec.key(s).fp, weft::canonical_bytes(s));
    if (!fresh) {
      EXPECT_EQ(it->second, weft::canonical_bytes(s)) << "two states share a key";
    }
    auto const k = wide.key(s);
    auto [at, new_wide] = seen_wide.emplace(std::pair{k.fp, k.check}, weft::canonical_bytes(s));
    if (!new_wide) {
      EXPECT_EQ(at->second, weft::canonical_bytes(s)) << "two states share a 128-bit key";
    }
  }
  EXPECT_GT(seen.size(), 50u);
  EXPECT_EQ(seen_wide.size(), seen.size());
}

TEST(WorldCodec, StoredStatesAndInPlaceStepsAgreeWithPlainOnes) {
  for (auto d : {weft::Delivery::unordered, weft::Delivery::fifo, weft::Delivery::duplicating})
    for (bool wide : {false, true})
      EXPECT_EQ(codec_disagreement(busy_pings(d).faults({.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1, .partitions = 1}),
                                   {.wide = wide}),
                "")
          << to_string(d) << (wide ? ", 128-bit keys" : "");
  raft::Settings cfg;
  cfg.requests = 1;
  cfg.world.faults = {.drops = 1, .crashes = 1, .restarts = 1};
  EXPECT_EQ(codec_disagreement(raft::make_world(cfg), {.walks = 10, .depth = 25}), "");
  EXPECT_EQ(codec_disagreement(raft::make_world(cfg), {.walks = 10, .depth = 25, .symmetry = true}), "");
  EXPECT_EQ(codec_disagreement(raft::make_world(cfg), {.walks = 10, .depth = 25, .wide = true}), "");
  auto recording = busy_pings(weft::Delivery::unordered);
  recording.record_outputs();
  EXPECT_EQ(codec_disagreement(recording), "");
}

}  // namespace
