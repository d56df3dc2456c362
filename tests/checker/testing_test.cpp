// The test-facing API: a failing check of a model built from its protocol definition shrinks the
// counterexample, saves it as a trace under the trace folder, and says how to replay it; `fails` saves
// the bug's trace too; a bare model gets its counterexample printed and a hint instead of a file; random
// walks come back shrunk from check() itself; save_traces turns any report into files.
#include <ping_pong/ping_pong.hpp>
#include <weft/checker/testing.hpp>
#include <weft/checker/traces.hpp>
#include <weft/replay.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace {

namespace fs = std::filesystem;

// A fresh trace folder for one test, named in the environment as weft_add_test's callers may do.
struct TraceFolder {
  fs::path dir = fs::temp_directory_path() / ("weft-testing-" + std::to_string(::getpid()));
  TraceFolder() {
    fs::remove_all(dir);
    ::setenv("WEFT_TRACE_DIR", dir.c_str(), 1);
    ::setenv("WEFT_TOOL", "pingcheck", 1);
  }
  ~TraceFolder() {
    fs::remove_all(dir);
    ::unsetenv("WEFT_TRACE_DIR");
    ::unsetenv("WEFT_TOOL");
  }
};

auto const stale_client = ping_pong::protocol({.accept_stale_pong = true, .world = {.faults = {.duplicates = 1}}});

TEST(Testing, AFailingCheckSavesItsShrunkTraceAndSaysHowToReplayIt) {
  TraceFolder folder;
  auto const result = weft::checker::all_hold(stale_client);
  ASSERT_FALSE(result);
  std::string const message = result.message();
  fs::path const file = folder.dir / "ping_pong" / "answers_match_questions.accept_stale_pong-1.duplicates-1.json";
  ASSERT_TRUE(fs::exists(file)) << message;
  EXPECT_NE(message.find("pingcheck replay " + fs::absolute(file).string()), std::string::npos) << message;
  EXPECT_NE(message.find("deliver n1->n0 Pong"), std::string::npos) << "the steps are printed:\n" << message;
  auto const t = weft::load_trace<ping_pong::World>(file);
  EXPECT_EQ(t.header.protocol, "ping_pong");
  EXPECT_EQ(t.header.config.at("accept_stale_pong"), "1");
  // The file replays on the model its header names, and still fails.
  auto const again = ping_pong::protocol(weft::settings_from<ping_pong::Settings>(t.header.config));
  auto const r = weft::replay(again.model, t);
  EXPECT_EQ(weft::unmet_expectation(again.model, t, r), std::nullopt);
}

TEST(Testing, ACaughtBugLeavesItsTraceForTheCorpus) {
  TraceFolder folder;
  auto const result = weft::checker::fails(stale_client, "answers match questions");
  EXPECT_TRUE(result);
  EXPECT_TRUE(fs::exists(folder.dir / "ping_pong" / "answers_match_questions.accept_stale_pong-1.duplicates-1.json"));
  EXPECT_NE(std::string(result.message()).find("replay: pingcheck replay"), std::string::npos);
}

TEST(Testing, ABareModelIsExplainedWithoutAFile) {
  TraceFolder folder;
  auto const result = weft::checker::all_hold(stale_client.model);
  ASSERT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("no trace saved"), std::string::npos);
  EXPECT_FALSE(fs::exists(folder.dir));
}

TEST(Testing, RandomWalkCounterexamplesComeBackShrunkAndReportsBecomeTraces) {
  TraceFolder folder;
  auto const walks = ping_pong::protocol({.requests = 3, .accept_stale_pong = true, .world = {.faults = {.duplicates = 1}}});
  weft::checker::Options o;
  o.strategy = weft::checker::Strategy::random;
  o.seed = 3;
  o.walks = 300;
  auto const r = weft::checker::check(walks.model, o);
  ASSERT_TRUE(r.violated());
  auto const& p = r.properties.front();
  ASSERT_TRUE(p.shrunk);
  EXPECT_EQ(p.shrunk->after, p.path->events.size());
  EXPECT_LE(p.shrunk->after, p.shrunk->before);
  EXPECT_TRUE(p.shrunk->minimal);
  EXPECT_FALSE(weft::checker::no_violation(walks, r));
  auto const files = weft::checker::save_traces(walks, r, folder.dir / "report", "random");
  ASSERT_EQ(files.size(), 1u);
  auto const t = weft::load_trace<ping_pong::World>(files[0]);
  EXPECT_EQ(t.header.origin, "random");
  EXPECT_EQ(t.steps.size(), p.path->events.size());
  EXPECT_LE(r.stats.distinct, r.stats.generated) << "every distinct state was generated first";
}

}  // namespace
