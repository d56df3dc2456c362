// `weft check two_phase_commit`: two-phase commit between a coordinator and 1-4 participants, as processes.
#include "dispatch.hpp"

#include <two_phase_commit/two_phase_commit.hpp>
#include <two_phase_commit/two_phase_commit_properties.hpp>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

namespace weft::cli {

namespace {
// "2" or "1,3" (or empty): the participants that vote no.
std::vector<std::uint32_t> participant_list(std::string const& text) {
  std::vector<std::uint32_t> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t const end = std::min(text.find(',', start), text.size());
    std::uint32_t n = 0;
    auto [at, ec] = std::from_chars(text.data() + start, text.data() + end, n);
    if (ec != std::errc{} || at != text.data() + end || end == start)
      throw Error("configuration key 'no_voters' needs participant numbers separated by commas, got '" + text + "'");
    out.push_back(n);
    start = end + 1;
  }
  return out;
}
}  // namespace

Protocol two_phase_commit_protocol() {
  return entry("two_phase_commit", "two-phase commit as processes: a coordinator, 1-4 participants, a durable decision",
               world_keys({{"participants", "2", "participants (1 to 4), nodes 1..k; node 0 coordinates"},
                           {"no_voters", "", "participants that vote no, comma-separated (e.g. 2 or 1,3)"},
                           {"retries", "1", "decision re-sends and participant queries per (re)start"},
                           {"liveness", "1", "also check \"every participant decides\" (holds without drops or crashes)"},
                           {"bug_commit_on_timeout", "0", "bug: presumed commit, the coordinator commits when its vote timer fires"},
                           {"bug_volatile_decision", "0", "bug: the decision is sent before it is durable, and lost in a crash"},
                           {"bug_heuristic_abort", "0", "bug: a participant that voted yes aborts on its own when tired of waiting"}}),
               [](Config const& c) {
                 two_phase_commit::Settings s;
                 s.participants = static_cast<std::uint32_t>(c.number("participants"));
                 s.no_voters = participant_list(c.text("no_voters"));
                 s.retries = static_cast<std::uint32_t>(c.number("retries"));
                 s.bug_commit_on_timeout = c.flag("bug_commit_on_timeout");
                 s.bug_volatile_decision = c.flag("bug_volatile_decision");
                 s.bug_heuristic_abort = c.flag("bug_heuristic_abort");
                 auto w = two_phase_commit::make_world(s);
                 two_phase_commit::add_properties(w, c.flag("liveness"));
                 return apply_world_keys(w, c);
               });
}

}  // namespace weft::cli
