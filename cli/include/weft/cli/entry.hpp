// Turns a protocol definition (weft::protocol<Settings>(name, summary, factory)) into a command-line entry
// that runs every subcommand on that model type. A tool compiles one entry per protocol, each in its own
// translation unit (the subcommand templates dominate the build), and registers it (registry.hpp).
#pragma once

#include <weft/cli/protocol.hpp>
#include <weft/cli/run_check.hpp>
#include <weft/cli/run_diff.hpp>
#include <weft/cli/run_explore.hpp>
#include <weft/cli/run_files.hpp>
#include <weft/cli/run_fuzz.hpp>
#include <weft/cli/run_live.hpp>
#include <weft/cli/run_replay.hpp>
#include <weft/cli/show_html.hpp>
#include <weft/cli/show_text.hpp>
#include <weft/protocol.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace weft::cli {

namespace detail {
// The settings a configuration gives: the recorded values (a file's), then the command line's.
template <class S>
S settings_of(Configuration const& c, std::string const& protocol) {
  S s{};
  for (auto const& [key, value] : c.recorded) {
    try {
      set_setting(s, key, value);
    } catch (Error const& e) {
      throw Error(c.source + ": " + e.what() + ": the file was written by another version of " + protocol +
                  " (or by another tool)");
    }
  }
  for (auto const& assignment : c.sets) set_setting(s, assignment);
  return s;
}

// `check`: from the model's initial state, a snapshot's, or the state live logs leave.
template <class M>
int check_command(M const& model, CheckRequest const& req) {
  if (!req.from.empty()) return run_check_from(model, req);
  if (req.from_logs.empty()) return run_check(model, req);
  if constexpr (LiveWorld<M>) {
    auto const state = runtime::state_from_logs(model, load_logs(model, req.from_logs));
    expect_valid(model, state, "the state the logs leave");
    std::printf("exploring from the state %zu live logs leave\n", req.from_logs.size());
    return run_check(model, req, {state});
  } else {
    throw Error("--from-logs: " + req.protocol + " is a hand-written model; only worlds run live and leave logs");
  }
}
}  // namespace detail

/// The command-line entry of protocol definition `def`.
template <class Def>
Protocol entry(Def const& def) {
  using S = typename Def::Settings;
  using M = typename Def::Model;
  auto properties = [def](Configuration const& c) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto const& p : def.make(detail::settings_of<S>(c, def.name())).properties())
      out.emplace_back(to_string(p.expectation), p.name);
    return out;
  };
  auto run = [def](Configuration const& c, Command const& command) -> int {
    S const settings = detail::settings_of<S>(c, def.name());
    M const model = def.make(settings);
    Subject<M> subject{model, def.name(), setting_values(settings), setting_values(S{}),
                       [def, settings](std::map<std::string, std::string> const& overrides) {
                         S changed = settings;
                         for (auto const& [key, value] : overrides) set_setting(changed, key, value);
                         return def.make(changed);
                       }};
    return std::visit(
        [&](auto const& req) -> int {
          using R = std::decay_t<decltype(req)>;
          if constexpr (std::is_same_v<R, CheckRequest>) {
            CheckRequest full = req;
            full.protocol = subject.protocol;
            full.config = subject.config;
            full.defaults = subject.defaults;
            full.checkpoints.header.protocol = subject.protocol;
            full.checkpoints.header.config = subject.config;
            return detail::check_command(model, full);
          }
          else if constexpr (std::is_same_v<R, ReplayRequest>) return run_replay(subject, req);
          else if constexpr (std::is_same_v<R, SnapshotRequest>) return run_snapshot(subject, req);
          else if constexpr (std::is_same_v<R, ConvertRequest>) return run_convert(subject, req);
          else if constexpr (std::is_same_v<R, ShrinkRequest>) return run_shrink(subject, req);
          else if constexpr (std::is_same_v<R, DiffRequest>) return run_diff(subject, req);
          else if constexpr (std::is_same_v<R, ShowRequest>) return run_show(subject, req);
          else if constexpr (std::is_same_v<R, RunRequest>) return run_live(subject, req);
          else if constexpr (std::is_same_v<R, LogReplayRequest>) return run_log_replay(subject, req);
          else if constexpr (std::is_same_v<R, FuzzRequest>) return run_fuzz(subject, req);
          else if constexpr (std::is_same_v<R, ExploreRequest>) return run_explore(subject, req);
          else return run_transplant(subject, req);
        },
        command);
  };
  return Protocol{def.name(), def.summary(), setting_keys<S>(), properties, run};
}

}  // namespace weft::cli
