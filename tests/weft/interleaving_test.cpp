// RapidCheck-generated interleavings: a correct protocol passes; a buggy one fails, RapidCheck shrinks the
// interleaving, and the shrunk trace is left on disk, replayable, with its `weft replay` command.
#include <ping_pong/ping_pong.hpp>
#include <weft/testing/interleaving.hpp>
#include <weft/weft.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

namespace fs = std::filesystem;

weft::Configured<ping_pong::World> world(bool stale) {
  return ping_pong::protocol({.accept_stale_pong = stale, .world = {.faults = {.duplicates = 1}}});
}

// The way a user writes it: RapidCheck drives the interleaving of the correct client.
RC_GTEST_PROP(Interleavings, TheCorrectClientPasses, ()) { weft::testing::check_interleavings(world(false)); }

TEST(Interleavings, TheBuggyClientFailsAndLeavesAShrunkReplayableTrace) {
  fs::path const dir = fs::temp_directory_path() / ("weft-rc-" + std::to_string(::getpid()));
  weft::testing::InterleavingOptions o;
  o.trace_dir = dir;
  auto const buggy = world(true);
  auto const& w = buggy.model;
  bool const passed = rc::check("the stale-reply client", [&] { weft::testing::check_interleavings(buggy, o); });
  EXPECT_FALSE(passed);
  // Named after the property and the settings that differ from the defaults, in the protocol's folder.
  fs::path const file = dir / "ping_pong" / "answers_match_questions.accept_stale_pong-1.duplicates-1.json";
  ASSERT_TRUE(fs::exists(file));
  auto const t = weft::load_trace<ping_pong::World>(file);
  EXPECT_EQ(t.header.origin, "rapidcheck");
  EXPECT_EQ(t.header.protocol, "ping_pong");
  EXPECT_LE(t.steps.size(), 10u) << "RapidCheck shrank the interleaving";
  auto const r = weft::replay(w, t);
  EXPECT_EQ(weft::unmet_expectation(w, t, r), std::nullopt);
  fs::remove_all(dir);
}

}  // namespace
