// Raft's safety properties (figure 3 of the paper) as invariants over one world state, and the liveness
// claim that holds without fairness. Nodes keep no history, so "committed" is read off the states: the
// first commit_index entries of a node's log are committed, and the commit happened in a term no later
// than the node's current term (commit indices only travel from a leader to nodes of its term or later).
#pragma once

#include <raft/raft.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <vector>

namespace raft {

/// The Raft state of node `i` (a crashed node holds what survived: its term, vote and log). The checks
/// below run on every new state, so they index nodes rather than gather them into a vector.
inline NodeState const& node_at(World::State const& s, std::size_t i) {
  return World::state_of<Node>(s, static_cast<weft::NodeId>(i));
}

/// Election Safety: at most one leader per term.
inline bool election_safety(World::State const& s) {
  for (std::size_t a = 0; a < s.nodes.size(); ++a) {
    if (node_at(s, a).role != Role::leader) continue;
    for (std::size_t b = a + 1; b < s.nodes.size(); ++b)
      if (node_at(s, b).role == Role::leader && node_at(s, b).current_term == node_at(s, a).current_term) return false;
  }
  return true;
}

/// Log Matching: if two logs hold an entry with the same index and term, they are identical up to it.
inline bool log_matching(World::State const& s) {
  for (std::size_t a = 0; a < s.nodes.size(); ++a)
    for (std::size_t b = a + 1; b < s.nodes.size(); ++b) {
      auto const& x = node_at(s, a).log;
      auto const& y = node_at(s, b).log;
      // The highest index where the terms agree decides: equal prefixes up to it cover every lower one.
      for (std::size_t i = std::min(x.size(), y.size()); i > 0; --i)
        if (x[i - 1].term == y[i - 1].term) {
          if (!std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(i), y.begin(), weft::equal<Entry>))
            return false;
          break;
        }
    }
  return true;
}

/// Leader Completeness: an entry committed in term T is in the log of every leader of a term after T.
/// Node n's committed entries were committed in a term at most n.current_term, and the leader of that
/// term holds them too; so every leader whose term is at least n's must hold n's committed prefix.
inline bool leader_completeness(World::State const& s) {
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    NodeState const& n = node_at(s, i);
    std::size_t const committed = std::min<std::size_t>(n.commit_index, n.log.size());
    for (std::size_t l = 0; l < s.nodes.size(); ++l) {
      NodeState const& leader = node_at(s, l);
      if (leader.role != Role::leader || leader.current_term < n.current_term) continue;
      if (leader.log.size() < committed ||
          !std::equal(n.log.begin(), n.log.begin() + static_cast<std::ptrdiff_t>(committed), leader.log.begin(),
                      weft::equal<Entry>))
        return false;
    }
  }
  return true;
}

/// State Machine Safety: no two nodes apply different commands at the same index.
inline bool state_machine_safety(World::State const& s) {
  for (std::size_t a = 0; a < s.nodes.size(); ++a)
    for (std::size_t b = a + 1; b < s.nodes.size(); ++b) {
      auto const& x = node_at(s, a).applied;
      auto const& y = node_at(s, b).applied;
      if (!std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(std::min(x.size(), y.size())), y.begin()))
        return false;
    }
  return true;
}

/// Applied outputs agree: over the whole recorded history (outputs before crashes included), every
/// Applied output for one index carries the same command, as a client would check from outputs alone.
/// Needs World::record_outputs(); true on a world that records nothing.
inline bool applied_outputs_agree(World::State const& s) {
  std::map<Index, Command> seen;
  for (auto const& o : s.observed)
    if (auto const* a = std::get_if<Applied>(&std::get<0>(o.value))) {
      auto const [at, fresh] = seen.emplace(a->index, a->cmd);
      if (!fresh && at->second != a->cmd) return false;
    }
  return true;
}

/// Some node that is up is a leader.
inline bool has_leader(World::State const& s) {
  for (weft::NodeId i = 0; i < s.nodes.size(); ++i)
    if (s.nodes[i].up && World::state_of<Node>(s, i).role == Role::leader) return true;
  return false;
}

/// Every node that is up has reached the last term an election may use.
inline bool elections_exhausted(World::State const& s, Term max_term) {
  for (weft::NodeId i = 0; i < s.nodes.size(); ++i)
    if (s.nodes[i].up && World::state_of<Node>(s, i).current_term < max_term) return false;
  return true;
}

/// The property names, as the command line and the tests spell them.
inline constexpr char const* election_safety_name = "election safety";
inline constexpr char const* log_matching_name = "log matching";
inline constexpr char const* leader_completeness_name = "leader completeness";
inline constexpr char const* state_machine_safety_name = "state machine safety";
inline constexpr char const* leader_elected_name = "a leader is elected";
inline constexpr char const* leader_or_bound_name = "a leader is elected or max_term is reached";
inline constexpr char const* applied_outputs_name = "applied outputs agree";

/// Adds the four safety invariants and one liveness property, judged under the settings' fairness (timers
/// and delivery weakly fair by default). "A leader is elected" (`strict_liveness`) fails even so, and the
/// counterexample is why: fairness says an enabled timer fires and a sent message arrives, not when, so every
/// node may time out before any vote arrives, in every term: a split vote for ever (the model's max_term
/// bound shows it as split votes up to the last term, after which no timer is left). The Raft paper's
/// liveness argument rests on timing (randomised election timeouts, broadcast time much below the election
/// timeout), which no fairness condition expresses; timed random walks (`--network timed`) do elect. What
/// holds under fairness is the bounded claim: every fair run reaches a leader or takes every up node to
/// max_term, i.e. elections neither deadlock nor livelock below the bound. With `outputs`, the world records
/// its outputs and the history is checked too (applied_outputs_agree).
inline void add_properties(World& w, Settings const& settings, bool strict_liveness = false, bool outputs = false) {
  w.property(weft::always<World>(election_safety_name, [](World const&, World::State const& s) { return election_safety(s); }));
  w.property(weft::always<World>(log_matching_name, [](World const&, World::State const& s) { return log_matching(s); }));
  w.property(weft::always<World>(leader_completeness_name,
                                 [](World const&, World::State const& s) { return leader_completeness(s); }));
  w.property(weft::always<World>(state_machine_safety_name,
                                 [](World const&, World::State const& s) { return state_machine_safety(s); }));
  if (outputs) {
    w.record_outputs();
    w.property(weft::always<World>(applied_outputs_name,
                                   [](World const&, World::State const& s) { return applied_outputs_agree(s); }));
  }
  if (strict_liveness) {
    w.property(weft::eventually<World>(leader_elected_name, [](World const&, World::State const& s) { return has_leader(s); }));
  } else {
    auto const bound = settings.live ? std::numeric_limits<Term>::max() : static_cast<Term>(settings.max_term);
    w.property(weft::eventually<World>(leader_or_bound_name, [bound](World const&, World::State const& s) {
      return has_leader(s) || elections_exhausted(s, bound);
    }));
  }
}

/// Raft as its tools and tests know it: the world of `settings` with its properties.
inline auto const protocol = weft::protocol<Settings>(
    "raft", "Raft (figure 2): leader election, log replication and commit of current-term entries", [](Settings const& s) {
      World w = make_world(s);
      add_properties(w, s, s.strict_liveness);
      return w;
    });

}  // namespace raft
