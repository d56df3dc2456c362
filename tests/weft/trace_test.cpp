// Traces: recorded, written as JSON and binary, read back and replayed to the same fingerprints; replay
// catches a process that is not deterministic and names the step and field; malformed files (truncated,
// wrong version, thousands of mutations) give one clear weft::Error, never a crash.
#include <ping_pong/ping_pong.hpp>
#include <weft/checker/check.hpp>
#include <weft/trace_v1.hpp>
#include <weft/weft.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>

namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  fs::path dir = fs::temp_directory_path() / ("weft-trace-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

ping_pong::World buggy() {
  ping_pong::Client c;
  c.accept_stale_pong = true;
  auto w = ping_pong::make_world({10, 20}, c);
  w.faults({.duplicates = 1});
  return w;
}

// The BFS counterexample of the buggy client, as a trace.
weft::Trace<ping_pong::World> counterexample(ping_pong::World const& w) {
  auto r = weft::checker::check(w);
  auto const& path = *r.properties.at(0).path;
  return weft::record_trace(w, path.states.at(0), path.events,
                            weft::trace_header("ping_pong", {{"accept_stale_pong", "1"}}, "answers match questions",
                                               weft::expect::violates, "bfs"));
}

TEST(Trace, RecordsEveryStepWithEffectsChangesAndFingerprints) {
  auto const w = buggy();
  auto const t = counterexample(w);
  ASSERT_FALSE(t.steps.empty());
  EXPECT_FALSE(t.initial) << "a run from the model's own initial state does not store it";
  EXPECT_NE(t.initial_text.find("ClientState"), std::string::npos);
  EXPECT_EQ(t.steps[0].text, "input n0 Ask{value: 10}");
  auto const run = weft::run_of(w, t);
  EXPECT_EQ(t.steps[0].fingerprint, weft::to_hex(weft::fingerprint(run.states.at(1))));
  ASSERT_FALSE(t.steps[0].effects.empty());
  EXPECT_NE(t.steps[0].effects[0].find("Ping"), std::string::npos) << "the first input makes the client send a Ping";
  EXPECT_FALSE(t.steps[0].changes.empty());
  EXPECT_NE(t.steps[0].changes[0].find("nodes[0]"), std::string::npos) << t.steps[0].changes[0];
}

TEST(Trace, JsonAndBinaryRoundTripAndReplayToTheSameFingerprints) {
  auto const w = buggy();
  auto const t = counterexample(w);
  fs::path const dir = temp_dir();
  for (char const* name : {"t.json", "t.bin"}) {
    weft::save_trace(dir / name, t);
    auto const back = weft::load_trace<ping_pong::World>(dir / name);
    EXPECT_EQ(weft::canonical_bytes(back), weft::canonical_bytes(t)) << name;
    auto const r = weft::replay(w, back);
    EXPECT_TRUE(r.complete) << name;
    EXPECT_FALSE(r.divergence) << r.divergence->why;
    EXPECT_EQ(weft::unmet_expectation(w, back, r), std::nullopt);
  }
  EXPECT_EQ(weft::load_trace_header(dir / "t.bin").protocol, "ping_pong");
  std::string const json = weft::read_file(dir / "t.json");
  EXPECT_NE(json.find("\"text\": \"input n0 Ask{value: 10}\""), std::string::npos) << "events are readable";
  EXPECT_NE(json.find("\"UserInput\": {"), std::string::npos) << "variants are named";
  fs::remove_all(dir);
}

TEST(Trace, ExpectationsAreHeldToAndReportedWhenUnmet) {
  auto const w = buggy();
  auto t = counterexample(w);
  EXPECT_EQ(weft::unmet_expectation(w, t, weft::replay(w, t)), std::nullopt);
  t.header.expect = weft::expect::holds;
  auto why = weft::unmet_expectation(w, t, weft::replay(w, t));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("\"answers match questions\" fails at step"), std::string::npos) << *why;
  // The fixed client does not take the stale reply: the same events now lead elsewhere.
  auto fixed = ping_pong::make_world({10, 20});
  fixed.faults({.duplicates = 1});
  weft::ReplayOptions<ping_pong::World> lenient;
  lenient.mode = weft::ReplayMode::events;
  auto const r = weft::replay(fixed, t, lenient);
  EXPECT_FALSE(r.invariant_failed());
  t.header.expect = weft::expect::violates;
  why = weft::unmet_expectation(fixed, t, weft::replay(fixed, t));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("re-record"), std::string::npos) << *why;
}

// A process that is not deterministic: it counts its calls in a global.
int calls = 0;
struct Flaky {
  using State = ping_pong::ServerState;
  using Msg = ping_pong::Msg;
  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<Flaky>& ctx) const {
    s.served = static_cast<std::uint32_t>(++calls);
    if (auto const* ping = std::get_if<ping_pong::Ping>(&m)) ctx.send(from, ping_pong::Pong{ping->seq, ping->value});
  }
};

TEST(Replay, CatchesANondeterministicProcessAndNamesTheStepAndField) {
  using W = weft::World<ping_pong::Client, Flaky>;
  W w({0, 1}, ping_pong::Client{}, Flaky{});
  w.input(0, ping_pong::Ask{10});
  auto s = w.init_states().at(0);
  std::vector<W::Action> events{weft::UserInput<W::In>{0, W::In(std::in_place_index<0>, ping_pong::Ask{10})}};
  s = weft::after(w, s, events[0]);
  std::vector<W::Action> next;
  w.actions(s, next);
  events.push_back(next.at(0));  // deliver the Ping
  calls = 0;
  auto const t = weft::record_trace(w, w.init_states().at(0), events, weft::trace_header("", {}, "", weft::expect::holds));
  auto const r = weft::replay(w, t);  // the global has moved on: the server's state differs
  ASSERT_TRUE(r.divergence);
  EXPECT_EQ(r.divergence->step, 2u);
  EXPECT_FALSE(r.divergence->not_enabled);
  EXPECT_EQ(r.divergence->changes,
            (std::vector<std::string>{"- nodes[1].state.served: 0 -> 1", "+ nodes[1].state.served: 0 -> 2"}));
}

// The server's state gains a field: the same protocol, another layout. Messages, timers and inputs are
// unchanged, so a trace recorded before still loads.
struct ServedState {
  BOOST_HANA_DEFINE_STRUCT(ServedState, (std::uint32_t, served), (std::uint32_t, restarts), (std::uint32_t, peak));
};
struct WiderServer {
  using State = ServedState;
  using Msg = ping_pong::Msg;
  void on_msg(State& s, weft::NodeId from, Msg const& m, weft::Context<WiderServer>& ctx) const {
    ++s.served;
    s.peak = std::max(s.peak, s.served);
    if (auto const* ping = std::get_if<ping_pong::Ping>(&m)) ctx.send(from, ping_pong::Pong{ping->seq, ping->value});
  }
};

TEST(Replay, AFieldAddedToAStateLeavesAFixturePassingInRegressionModeAndFailingInStrictMode) {
  using Wider = weft::World<ping_pong::Client, WiderServer>;
  ping_pong::Client stale;
  stale.accept_stale_pong = true;
  Wider wider({0, 1}, stale, WiderServer{});
  wider.input(0, ping_pong::Ask{10}).input(0, ping_pong::Ask{20}).faults({.duplicates = 1});
  wider.property(weft::always<Wider>("answers match questions", [](Wider const&, Wider::State const& s) {
    for (ping_pong::Answer const& a : Wider::state_of<ping_pong::Client>(s, 0).answers)
      if (a.got && *a.got != a.asked) return false;
    return true;
  }));
  fs::path const dir = temp_dir();
  weft::save_trace(dir / "fixture.json", counterexample(buggy()));  // recorded with the narrower server state
  auto const t = weft::load_trace<Wider>(dir / "fixture.json");
  weft::ReplayOptions<Wider> strict, regression;
  regression.mode = weft::ReplayMode::regression;
  auto const held = weft::replay(wider, t, strict);
  ASSERT_TRUE(held.divergence);
  EXPECT_TRUE(weft::unmet_expectation(wider, t, held)) << "strict mode fails: every state has another fingerprint";
  auto const drifted = weft::replay(wider, t, regression);
  EXPECT_FALSE(drifted.divergence);
  ASSERT_TRUE(drifted.drift) << "the drift is reported";
  EXPECT_EQ(drifted.drift->step, 0u) << "from the initial state on";
  EXPECT_EQ(weft::unmet_expectation(wider, t, drifted), std::nullopt) << "the verdict still holds";
  fs::remove_all(dir);
}

// A trace of format 1 stored every state whole; it is upgraded by running its events again, and refused
// (naming the step) when this build reaches another state.
TEST(TraceFiles, FormatOneIsUpgradedByReplayingItsEvents) {
  auto const w = buggy();
  auto const run = weft::run_of(w, counterexample(w));
  weft::TraceV1<ping_pong::World> old;
  old.header = weft::trace_header("ping_pong", {}, "answers match questions", weft::expect::violates, "bfs");
  old.header.version = 1;
  old.initial = run.initial();
  old.initial_fingerprint = weft::to_hex(weft::fingerprint(run.initial()));
  for (std::size_t k = 0; k < run.length(); ++k)
    old.steps.push_back({weft::to_text(run.events[k]), run.events[k], run.effects[k], weft::to_hex(weft::fingerprint(run.states[k + 1])),
                         run.states[k + 1]});
  fs::path const dir = temp_dir();
  weft::save_document(dir / "v1.json", old, weft::Format::json);
  EXPECT_THROW(weft::load_trace<ping_pong::World>(dir / "v1.json"), weft::Error) << "the current format's loader refuses it";
  auto const upgraded = weft::load_any_trace(w, dir / "v1.json");
  EXPECT_EQ(upgraded.header.version, weft::trace_version);
  EXPECT_EQ(weft::canonical_bytes(upgraded.events()), weft::canonical_bytes(run.events));
  EXPECT_EQ(weft::unmet_expectation(w, upgraded, weft::replay(w, upgraded)), std::nullopt);
  old.steps.back().fingerprint = "0000000000000000";
  weft::save_document(dir / "v1.json", old, weft::Format::json);
  try {
    weft::load_any_trace(w, dir / "v1.json");
    ADD_FAILURE() << "a format-1 trace this build replays differently must be refused";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("step " + std::to_string(run.length())), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(TraceFiles, BadFilesAreOneClearError) {
  auto const w = buggy();
  auto const t = counterexample(w);
  fs::path const dir = temp_dir();
  weft::save_trace(dir / "good.json", t);
  std::string const good = weft::read_file(dir / "good.json");
  auto expect_error = [&](std::string const& content, std::string const& needle) {
    weft::write_file_atomic(dir / "bad.json", content);
    try {
      weft::load_trace<ping_pong::World>(dir / "bad.json");
      ADD_FAILURE() << "accepted: " << needle;
    } catch (weft::Error const& e) {
      std::string const what = e.what();
      EXPECT_NE(what.find("bad.json"), std::string::npos) << what;
      EXPECT_NE(what.find(needle), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
    }
  };
  expect_error(good.substr(0, good.size() / 2), "malformed JSON");
  expect_error(good.substr(0, good.size() / 2), "bad.json:");  // with a line and column
  std::string wrong_version = good;
  wrong_version.replace(wrong_version.find("\"version\": 2"), 12, "\"version\": 9");
  expect_error(wrong_version, "trace format 9, this build reads 1 to 2");
  std::string not_trace = good;
  not_trace.replace(not_trace.find("weft-trace"), 10, "weft-xxxxx");
  expect_error(not_trace, "not a weft trace");
  std::string bad_event = good;
  bad_event.replace(bad_event.find("\"UserInput\""), 11, "\"UserOutput\"");
  expect_error(bad_event, "unknown alternative 'UserOutput'");
  expect_error("[1, 2]", "not a JSON object");
  expect_error(std::string(100000, '['), "malformed JSON");  // deep nesting: no stack overflow
  fs::remove_all(dir);
}

// Thousands of mutated files, JSON and binary: each loads or throws weft::Error; nothing else escapes and
// nothing crashes (this test runs under ASan and UBSan as well).
TEST(TraceFiles, MutatedFilesNeverCrash) {
  auto const w = buggy();
  auto const t = counterexample(w);
  fs::path const dir = temp_dir();
  weft::save_trace(dir / "m.json", t);
  weft::save_trace(dir / "m.bin", t);
  std::string const originals[] = {weft::read_file(dir / "m.json"), weft::read_file(dir / "m.bin")};
  weft::Rng rng = weft::Rng::from_seed(42);
  std::size_t loaded = 0, rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string bytes = originals[i % 2];
    for (std::uint64_t k = rng.below(4) + 1; k > 0; --k) bytes[rng.below(bytes.size())] = static_cast<char>(rng.below(256));
    if (rng.chance(0.2)) bytes.resize(rng.below(bytes.size()));
    weft::write_file_atomic(dir / "mutant", bytes);
    try {
      auto const back = weft::load_trace<ping_pong::World>(dir / "mutant");
      weft::replay(w, back);  // a mutant that loads must also replay without crashing
      ++loaded;
    } catch (weft::Error const&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 1000u);
  EXPECT_GT(loaded, 10u) << "some mutations (of a digit in a value, say) still load";
  fs::remove_all(dir);
}

}  // namespace
