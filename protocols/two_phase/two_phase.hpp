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
inline std::string to_string(Rm r) {
  char const* names[] = {"working", "prepared", "committed", "aborted"};
  return names[static_cast<int>(r)];
}
inline std::string to_string(Tm t) {
  char const* names[] = {"init", "committed", "aborted"};
  return names[static_cast<int>(t)];
}

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

  void actions(State const&, std::vector<Action>& out) const {
    out.push_back({Kind::tm_commit, 0});
    out.push_back({Kind::tm_abort, 0});
    for (std::uint8_t r = 0; r < rms; ++r)
      for (Kind k : {Kind::tm_rcv_prepared, Kind::rm_prepare, Kind::rm_choose_to_abort, Kind::rm_rcv_commit, Kind::rm_rcv_abort})
        out.push_back({k, r});
  }

  std::optional<State> next_state(State const& s, Action const& a) const {
    State n = s;
    std::uint16_t const bit = static_cast<std::uint16_t>(1u << a.rm);
    std::uint16_t const all = static_cast<std::uint16_t>((1u << rms) - 1);
    switch (a.kind) {
      case Kind::tm_commit:
        if (s.tm != Tm::init || (!bug_commit && s.tm_prepared != all)) return std::nullopt;
        n.tm = Tm::committed, n.msg_commit = true;
        return n;
      case Kind::tm_abort:
        if (s.tm != Tm::init) return std::nullopt;
        n.tm = Tm::aborted, n.msg_abort = true;
        return n;
      case Kind::tm_rcv_prepared:
        if (s.tm != Tm::init || !(s.msg_prepared & bit)) return std::nullopt;
        n.tm_prepared |= bit;
        return n;
      case Kind::rm_prepare:
        if (s.rm[a.rm] != Rm::working) return std::nullopt;
        n.rm[a.rm] = Rm::prepared, n.msg_prepared |= bit;
        return n;
      case Kind::rm_choose_to_abort:
        if (s.rm[a.rm] != Rm::working && !(bug_abort && s.rm[a.rm] == Rm::prepared)) return std::nullopt;
        n.rm[a.rm] = Rm::aborted;
        return n;
      case Kind::rm_rcv_commit:
        if (!s.msg_commit) return std::nullopt;
        n.rm[a.rm] = Rm::committed;
        return n;
      case Kind::rm_rcv_abort:
        if (!s.msg_abort) return std::nullopt;
        n.rm[a.rm] = Rm::aborted;
        return n;
    }
    return std::nullopt;
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

}  // namespace two_phase
