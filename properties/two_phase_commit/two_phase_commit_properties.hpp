// The properties of two-phase commit over processes: atomicity (no participant commits while another
// aborts; none commits unless every participant voted yes) and termination, under the settings' fairness
// (timers and delivery weakly fair by default). "Every participant decides" fails once the coordinator may
// crash: a crash is a fault, and nothing forces a restart, so a run may leave it down for ever (2PC blocks,
// as the textbooks say). What crash recovery should promise is the second form: every participant decides
// unless a node stays down, i.e. []<>(all decided or some node down); it holds across drops, a crash and a
// restart thanks to the coordinator's begin record (see the property tests).
#pragma once

#include <two_phase_commit/two_phase_commit.hpp>

namespace two_phase_commit {

/// The property names, as reports and corpus files spell them.
inline constexpr char const* agreement_name = "no participant commits while another aborts";
inline constexpr char const* validity_name = "no participant commits unless all voted yes";
inline constexpr char const* termination_name = "every participant decides";
inline constexpr char const* recovery_name = "every participant decides unless a node stays down";

/// Calls `f(state)` for each participant's state (nodes 1..n-1).
template <class F>
void for_each_participant(World::State const& s, F&& f) {
  for (weft::NodeId n = 1; n < s.nodes.size(); ++n) f(World::state_of<Participant>(s, n));
}

/// True when no participant has committed while another has aborted.
inline bool agreement(World::State const& s) {
  bool committed = false, aborted = false;
  for_each_participant(s, [&](ParticipantState const& p) {
    committed |= p.decision == Outcome::commit;
    aborted |= p.decision == Outcome::abort;
  });
  return !(committed && aborted);
}

/// True when, if some participant has committed, every participant voted yes.
inline bool validity(World::State const& s) {
  bool committed = false, all_yes = true;
  for_each_participant(s, [&](ParticipantState const& p) {
    committed |= p.decision == Outcome::commit;
    all_yes &= p.voted == true;
  });
  return !committed || all_yes;
}

/// True when every participant has applied an outcome.
inline bool all_decided(World::State const& s) {
  bool all = true;
  for_each_participant(s, [&](ParticipantState const& p) { all &= p.decision.has_value(); });
  return all;
}

/// True when some node is down.
inline bool some_node_down(World::State const& s) {
  for (auto const& n : s.nodes)
    if (!n.up) return true;
  return false;
}

/// Adds the two safety invariants and, when `liveness`, the two termination properties. None tells
/// participants apart, as their symmetry requires.
inline void add_properties(World& w, bool liveness = true) {
  w.property(weft::always<World>(agreement_name, [](World const&, World::State const& s) { return agreement(s); }));
  w.property(weft::always<World>(validity_name, [](World const&, World::State const& s) { return validity(s); }));
  if (!liveness) return;
  w.property(weft::eventually<World>(termination_name, [](World const&, World::State const& s) { return all_decided(s); }));
  w.property(weft::always_eventually<World>(recovery_name, [](World const&, World::State const& s) {
    return all_decided(s) || some_node_down(s);
  }));
}

/// Two-phase commit as its tools and tests know it: the world of `settings` with its properties.
inline auto const protocol = weft::protocol<Settings>(
    "two_phase_commit", "two-phase commit as processes: a coordinator, 1-4 participants, a durable decision",
    [](Settings const& s) {
      World w = make_world(s);
      add_properties(w, s.liveness);
      return w;
    });

}  // namespace two_phase_commit
