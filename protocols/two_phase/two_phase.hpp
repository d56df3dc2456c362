// Lamport's TwoPhase.tla (tlaplus/Examples, transaction_commit) as a weft Model: one transaction manager,
// N resource managers, and a grow-only set of messages, one action instance per TLA+ action and RM, so
// that state counts match TLC's exactly. The state is fixed-size and allocation-free: the checker
// benchmark explores 10 million states of it.
//
// Bug switches (as in ../shared/bench/spin/TwoPhase.pml): `bug_commit`, the TM commits without waiting for
// every RM to be prepared; `bug_abort`, an RM may abort after it has prepared.
#pragma once

#include <weft/error.hpp>
#include <weft/model.hpp>
#include <weft/protocol.hpp>
#include <weft/reflect.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace two_phase {

/// The most RMs a state holds.
inline constexpr unsigned max_rms = 12;

enum class Rm : std::uint8_t { working, prepared, committed, aborted };
enum class Tm : std::uint8_t { init, committed, aborted };

/// rmState, tmState, tmPrepared and msgs of the TLA+ spec; sets are bit masks over RM indices.
struct State {
  BOOST_HANA_DEFINE_STRUCT(State,
    (std::array<Rm, max_rms>, rm),
    (Tm, tm),
    (std::uint16_t, tm_prepared),
    (std::uint16_t, msg_prepared),
    (bool, msg_commit),
    (bool, msg_abort));
};

/// The TLA+ actions: TMCommit, TMAbort, and per RM: TMRcvPrepared, RMPrepare, RMChooseToAbort,
/// RMRcvCommitMsg, RMRcvAbortMsg.
enum class Kind : std::uint8_t { tm_commit, tm_abort, tm_rcv_prepared, rm_prepare, rm_choose_to_abort, rm_rcv_commit, rm_rcv_abort };

/// One action instance.
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (Kind, kind), (std::uint8_t, rm));
};

/// Prints `RMPrepare(2)`.
inline void weft_print(std::string& out, Action const& a) {
  char const* names[] = {"TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"};
  out += names[static_cast<int>(a.kind)];
  if (a.kind != Kind::tm_commit && a.kind != Kind::tm_abort) out += "(" + std::to_string(a.rm) + ")";
}

/// The TwoPhase specification with `rms` resource managers.
struct Model {
  using State = two_phase::State;
  using Action = two_phase::Action;

  unsigned rms = 3;         ///< number of resource managers (1 to 12)
  bool bug_commit = false;  ///< TMCommit does not wait for all RMs to be prepared
  bool bug_abort = false;   ///< RMChooseToAbort is allowed from "prepared"

  std::vector<State> init_states() const {
    if (rms == 0 || rms > max_rms) throw weft::Error("two_phase: rms must be 1 to 12, got " + std::to_string(rms));
    return {State{}};
  }

  /// The enabled action instances, in a fixed order. Written out rather than filtered through enabled(),
  /// and gathered on the stack first: the benchmark calls this for ten million states.
  void actions(State const& s, std::vector<Action>& out) const {
    std::array<Action, 2 + 5 * max_rms> enabled;
    std::size_t n = 0;
    if (s.tm == Tm::init) {
      if (bug_commit || s.tm_prepared == all()) enabled[n++] = {Kind::tm_commit, 0};
      enabled[n++] = {Kind::tm_abort, 0};
    }
    for (std::uint8_t r = 0; r < rms; ++r) {
      if (s.tm == Tm::init && (s.msg_prepared >> r & 1u)) enabled[n++] = {Kind::tm_rcv_prepared, r};
      if (s.rm[r] == Rm::working) enabled[n++] = {Kind::rm_prepare, r};
      if (s.rm[r] == Rm::working || (bug_abort && s.rm[r] == Rm::prepared)) enabled[n++] = {Kind::rm_choose_to_abort, r};
      if (s.msg_commit) enabled[n++] = {Kind::rm_rcv_commit, r};
      if (s.msg_abort) enabled[n++] = {Kind::rm_rcv_abort, r};
    }
    out.insert(out.end(), enabled.begin(), enabled.begin() + static_cast<std::ptrdiff_t>(n));
  }

  /// The TLA+ enabling condition of `a` in `s`.
  bool enabled(State const& s, Action const& a) const {
    std::uint16_t const bit = static_cast<std::uint16_t>(1u << a.rm);
    switch (a.kind) {
      case Kind::tm_commit: return s.tm == Tm::init && (bug_commit || s.tm_prepared == all());
      case Kind::tm_abort: return s.tm == Tm::init;
      case Kind::tm_rcv_prepared: return s.tm == Tm::init && (s.msg_prepared & bit);
      case Kind::rm_prepare: return s.rm[a.rm] == Rm::working;
      case Kind::rm_choose_to_abort: return s.rm[a.rm] == Rm::working || (bug_abort && s.rm[a.rm] == Rm::prepared);
      case Kind::rm_rcv_commit: return s.msg_commit;
      case Kind::rm_rcv_abort: return s.msg_abort;
    }
    return false;
  }

  /// The successor written into `n` (the checker's hot path reuses one scratch state); why the action is
  /// not enabled, or nullptr.
  char const* transition(State const& s, Action const& a, State& n) const {
    if (a.rm >= rms) return "it names an RM past the configured ones";
    if (!enabled(s, a)) return "its guard is false in this state";
    n = s;
    std::uint16_t const bit = static_cast<std::uint16_t>(1u << a.rm);
    switch (a.kind) {
      case Kind::tm_commit: n.tm = Tm::committed, n.msg_commit = true; break;
      case Kind::tm_abort: n.tm = Tm::aborted, n.msg_abort = true; break;
      case Kind::tm_rcv_prepared: n.tm_prepared |= bit; break;
      case Kind::rm_prepare: n.rm[a.rm] = Rm::prepared, n.msg_prepared |= bit; break;
      case Kind::rm_choose_to_abort: n.rm[a.rm] = Rm::aborted; break;
      case Kind::rm_rcv_commit: n.rm[a.rm] = Rm::committed; break;
      case Kind::rm_rcv_abort: n.rm[a.rm] = Rm::aborted; break;
    }
    return nullptr;
  }

  /// Why `s` cannot be a TwoPhase state with `rms` RMs, or "": RMs past `rms` untouched, no bits past them.
  std::string validate(State const& s) const {
    for (unsigned r = rms; r < max_rms; ++r)
      if (s.rm[r] != Rm::working) return "RM " + std::to_string(r) + " is past the " + std::to_string(rms) + " configured";
    if ((s.tm_prepared | s.msg_prepared) & ~all()) return "its sets name RMs past the " + std::to_string(rms) + " configured";
    return "";
  }
  /// Why `a` cannot be an action of this model, or "".
  std::string validate_event(Action const& a) const {
    return a.rm < rms ? "" : "it names RM " + std::to_string(a.rm) + ", past the " + std::to_string(rms) + " configured";
  }

  /// TCConsistent: no RM has aborted while another has committed.
  static bool consistent(State const& s) {
    bool aborted = false, committed = false;
    for (Rm r : s.rm) aborted |= r == Rm::aborted, committed |= r == Rm::committed;
    return !(aborted && committed);
  }

  std::vector<weft::Property<Model>> properties() const {
    return {weft::always<Model>("TCConsistent", [](Model const&, State const& s) { return consistent(s); }),
            weft::sometimes<Model>("some RM commits", [](Model const&, State const& s) {
              return std::find(s.rm.begin(), s.rm.end(), Rm::committed) != s.rm.end();
            })};
  }

  /// The set of every RM, as a mask.
  std::uint16_t all() const { return static_cast<std::uint16_t>((1u << rms) - 1); }

  /// RMs are interchangeable: the canonical state sorts the per-RM tuples (state, tmPrepared, msgPrepared).
  State representative(State const& s) const {
    // A tuple packs into 4 bits, so a counting sort over 16 buckets orders them.
    std::array<std::uint8_t, 16> count{};
    for (unsigned r = 0; r < rms; ++r)
      ++count[static_cast<unsigned>(s.rm[r]) << 2 | (s.tm_prepared >> r & 1u) << 1 | (s.msg_prepared >> r & 1u)];
    State c = s;
    c.tm_prepared = c.msg_prepared = 0;
    unsigned r = 0;
    for (unsigned tuple = 0; tuple < 16; ++tuple)
      for (unsigned k = 0; k < count[tuple]; ++k, ++r) {
        c.rm[r] = static_cast<Rm>(tuple >> 2);
        c.tm_prepared |= static_cast<std::uint16_t>((tuple >> 1 & 1u) << r);
        c.msg_prepared |= static_cast<std::uint16_t>((tuple & 1u) << r);
      }
    return c;
  }
};

/// The `--set` keys of TwoPhase.
struct Settings {
  std::uint32_t rms = 3;    ///< resource managers
  bool bug_commit = false;  ///< the TM commits without waiting for every RM to prepare
  bool bug_abort = false;   ///< an RM may abort after preparing
};

}  // namespace two_phase

BOOST_HANA_ADAPT_STRUCT(two_phase::Settings, rms, bug_commit, bug_abort);

namespace two_phase {

inline void weft_describe(weft::Describe<Settings>& d) {
  d(&Settings::rms, "resource managers", weft::Bounds{1, max_rms});
  d(&Settings::bug_commit, "bug: the TM commits without waiting for every RM to prepare");
  d(&Settings::bug_abort, "bug: an RM may abort after preparing");
}

/// TwoPhase as the weft command knows it.
inline auto const protocol = weft::protocol<Settings>(
    "two_phase", "Lamport's TwoPhase.tla: a transaction manager and N resource managers",
    [](Settings const& s) { return Model{s.rms, s.bug_commit, s.bug_abort}; });

}  // namespace two_phase
