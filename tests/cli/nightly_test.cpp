// Nightly plans: lines, continuations, comments and defaults read as the runs they mean; a run's own
// options win over the defaults, and the command line's over both; mistakes in a plan name their line.
#include <weft/cli/nightly.hpp>
#include <weft/error.hpp>
#include <weft/file.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;

std::string plan_error(std::string const& text) {
  fs::path const file = fs::temp_directory_path() / ("weft-plan-" + std::to_string(::getpid()));
  weft::write_file_atomic(file, text);
  try {
    weft::cli::load_plan(file.string());
  } catch (weft::Error const& e) {
    fs::remove(file);
    std::string what = e.what();
    return what.substr(what.find(':') == std::string::npos ? 0 : what.find(':'));
  }
  fs::remove(file);
  return "";
}

TEST(NightlyPlan, LinesBecomeRuns) {
  fs::path const file = fs::temp_directory_path() / ("weft-plan-ok-" + std::to_string(::getpid()));
  weft::write_file_atomic(file,
                          "# the night\n"
                          "defaults: --threads 2 --time-limit 20m   # every run\n"
                          "\n"
                          "raft-t2: raft --set max_term=2 \\\n"
                          "  --set requests=1 --symmetry\n"
                          "walks: paxos --strategy random --walks 100 --time-limit \"5m\"\n");
  auto const plan = weft::cli::load_plan(file.string());
  fs::remove(file);
  EXPECT_EQ(plan.defaults, (Args{"--threads", "2", "--time-limit", "20m"}));
  ASSERT_EQ(plan.runs.size(), 2u);
  EXPECT_EQ(plan.runs[0].name, "raft-t2");
  EXPECT_EQ(plan.runs[0].args, (Args{"raft", "--set", "max_term=2", "--set", "requests=1", "--symmetry"}));
  EXPECT_EQ(plan.runs[0].line, 4u);
  EXPECT_EQ(plan.runs[1].args.back(), "5m");
}

TEST(NightlyPlan, MistakesNameTheirLine) {
  EXPECT_EQ(plan_error("a: raft\nb raft\n"), ":2: expected `NAME: PROTOCOL OPTIONS...` or `defaults: OPTIONS...`");
  EXPECT_EQ(plan_error("a: raft\na: paxos\n"), ":2: a second run named 'a'");
  EXPECT_EQ(plan_error("a: --threads 2\n"), ":1: run 'a' names no protocol");
  EXPECT_EQ(plan_error("a b: raft\n"), ":1: a run's name is letters, digits, '_', '.' and '-', got 'a b'");
  EXPECT_EQ(plan_error("a: raft --set \"x=1\n"), ":1: a quote is not closed");
  EXPECT_EQ(plan_error("# nothing\n"), ": the plan has no runs");
}

TEST(NightlyPlan, ARunsOwnOptionsWinOverDefaultsAndTheCommandLineOverBoth) {
  Args const run{"raft", "--set", "max_term=2", "--time-limit", "1h", "--symmetry"};
  Args const defaults{"--threads", "2", "--time-limit", "20m", "--keep-going", "--set", "seed=1"};
  EXPECT_EQ(weft::cli::merge_options(run, defaults, {}),
            (Args{"raft", "--set", "max_term=2", "--time-limit", "1h", "--symmetry", "--threads", "2", "--keep-going",
                  "--set", "seed=1"}));
  EXPECT_EQ(weft::cli::merge_options(run, defaults, {"--time-limit", "1m"}),
            (Args{"raft", "--set", "max_term=2", "--symmetry", "--threads", "2", "--keep-going", "--set", "seed=1",
                  "--time-limit", "1m"}));
}

}  // namespace
