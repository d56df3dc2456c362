// Snapshots: a state written to a file (JSON or binary) and read back is the same state, explores the
// same as the state it was taken from, refuses edited or corrupt files, and lends one node's state to
// another world state.
#include <ping_pong/ping_pong.hpp>
#include <weft/checker/check.hpp>
#include <weft/weft.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path = fs::temp_directory_path() / ("weft-snapshot-test-" + std::to_string(::getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

ping_pong::World world() {
  auto w = ping_pong::make_world({10, 20, 30});
  w.faults({.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1});
  return w;
}

// A state a few events in: a request in flight, a timer armed, a server that has served.
ping_pong::World::State some_state(ping_pong::World const& w) {
  auto s = w.init_states().at(0);
  std::vector<ping_pong::World::Action> actions;
  for (int i = 0; i < 3; ++i) {
    actions.clear();
    w.actions(s, actions);
    s = weft::after(w, s, actions.at(0));
  }
  return s;
}

TEST(Snapshot, ForkedFromAFileExploresLikeTheStateItWasTakenFrom) {
  auto const w = world();
  auto const s = some_state(w);
  Dir dir;
  for (char const* name : {"s.json", "s.bin"}) {
    weft::save_snapshot(dir.path / name, weft::make_snapshot<ping_pong::World>("ping_pong", {}, "test", s));
    auto const back = weft::load_snapshot<ping_pong::World>(dir.path / name);
    EXPECT_EQ(weft::canonical_bytes(back.state), weft::canonical_bytes(s)) << name;
    auto const direct = weft::checker::check(w, {}, {}, {}, {s});
    auto const forked = weft::checker::check(w, {}, {}, {}, {back.state});
    EXPECT_EQ(forked.stats.distinct, direct.stats.distinct) << name;
    EXPECT_EQ(forked.stats.generated, direct.stats.generated) << name;
    EXPECT_GT(forked.stats.distinct, 100u);
  }
}

TEST(Snapshot, EditedOrCorruptFilesAreRefused) {
  auto const w = world();
  Dir dir;
  weft::save_snapshot(dir.path / "s.json", weft::make_snapshot<ping_pong::World>("ping_pong", {}, "test", some_state(w)));
  std::string text = weft::read_file(dir.path / "s.json");
  std::string edited = text;
  edited.replace(edited.find("\"served\": 1"), 11, "\"served\": 5");
  weft::write_file_atomic(dir.path / "edited.json", edited);
  EXPECT_THROW(weft::load_snapshot<ping_pong::World>(dir.path / "edited.json"), weft::Error);
  weft::write_file_atomic(dir.path / "short.json", text.substr(0, 100));
  EXPECT_THROW(weft::load_snapshot<ping_pong::World>(dir.path / "short.json"), weft::Error);
  std::string v2 = text;
  v2.replace(v2.find("\"version\": 1"), 12, "\"version\": 2");
  weft::write_file_atomic(dir.path / "v2.json", v2);
  try {
    weft::load_snapshot<ping_pong::World>(dir.path / "v2.json");
    ADD_FAILURE() << "a newer format was accepted";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("snapshot format 2, this build reads 1"), std::string::npos) << e.what();
  }
}

TEST(Snapshot, ANodeMovesFromOneWorldStateToAnother) {
  auto const w = world();
  auto const busy = some_state(w);
  auto fresh = w.init_states().at(0);
  w.put_node(fresh, 1, ping_pong::World::node(busy, 1));
  EXPECT_EQ(ping_pong::World::state_of<ping_pong::Server>(fresh, 1).served,
            ping_pong::World::state_of<ping_pong::Server>(busy, 1).served);
  EXPECT_TRUE(weft::equal(ping_pong::World::node(fresh, 0), ping_pong::World::node(w.init_states().at(0), 0)));
  EXPECT_THROW(w.put_node(fresh, 0, ping_pong::World::node(busy, 1)), weft::Error);  // a server cannot be a client
  EXPECT_THROW(w.put_node(fresh, 2, ping_pong::World::node(busy, 1)), weft::Error);
}

}  // namespace
