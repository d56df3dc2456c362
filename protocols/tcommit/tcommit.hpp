// Lamport's TCommit.tla (tlaplus/Examples, transaction_commit): the abstract transaction commit spec that
// TwoPhase refines. Resource managers prepare, then decide commit (when all could commit) or abort (when
// none has committed).
#pragma once

#include <weft/error.hpp>
#include <weft/model.hpp>
#include <weft/protocol.hpp>
#include <weft/reflect.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace tcommit {

inline constexpr unsigned max_rms = 12;

enum class Rm : std::uint8_t { working, prepared, committed, aborted };

/// rmState of the spec.
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (std::array<Rm, max_rms>, rm));
};

/// The spec's actions: Prepare(rm), and Decide(rm)'s two disjuncts, which are both enabled when every RM is
/// prepared: TLC computes a successor for each, and so must a port that matches its generated count.
enum class Step : std::uint8_t { prepare, commit, abort };

/// Prepare(rm) or one branch of Decide(rm).
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (Step, step), (std::uint8_t, rm));
};
inline void weft_print(std::string& out, Action const& a) {
  out += (a.step == Step::prepare ? "Prepare(" : "Decide(") + std::to_string(a.rm) + ")";
  if (a.step != Step::prepare) out += a.step == Step::commit ? ": commit" : ": abort";
}

/// TCommit with `rms` resource managers.
struct Model {
  using State = tcommit::State;
  using Action = tcommit::Action;
  unsigned rms = 3;  ///< number of resource managers (1 to 12)
  /// Decided states enable nothing; TLC's figures for this spec are taken without deadlock checking.
  static constexpr bool finishes = true;

  std::vector<State> init_states() const {
    if (rms == 0 || rms > max_rms) throw weft::Error("tcommit: rms must be 1 to 12, got " + std::to_string(rms));
    return {State{}};
  }
  void actions(State const&, std::vector<Action>& out) const {
    for (std::uint8_t r = 0; r < rms; ++r)
      for (Step s : {Step::prepare, Step::commit, Step::abort}) out.push_back({s, r});
  }
  /// Why `s` cannot be a TCommit state with `rms` RMs, or "".
  std::string validate(State const& s) const {
    for (unsigned r = rms; r < max_rms; ++r)
      if (s.rm[r] != Rm::working) return "RM " + std::to_string(r) + " is past the " + std::to_string(rms) + " configured";
    return "";
  }
  /// Why `a` cannot be an action of this model, or "".
  std::string validate_event(Action const& a) const {
    return a.rm < rms ? "" : "it names RM " + std::to_string(a.rm) + ", past the " + std::to_string(rms) + " configured";
  }
  std::optional<State> next_state(State const& s, Action const& a) const {
    if (a.rm >= rms) return std::nullopt;
    auto const first = s.rm.begin(), last = s.rm.begin() + rms;
    State n = s;
    Rm& mine = n.rm[a.rm];
    switch (a.step) {
      case Step::prepare:
        if (mine != Rm::working) return std::nullopt;
        mine = Rm::prepared;
        return n;
      case Step::commit:
        if (mine != Rm::prepared || !std::all_of(first, last, [](Rm r) { return r == Rm::prepared || r == Rm::committed; }))
          return std::nullopt;
        mine = Rm::committed;
        return n;
      case Step::abort:
        if ((mine != Rm::working && mine != Rm::prepared) || std::any_of(first, last, [](Rm r) { return r == Rm::committed; }))
          return std::nullopt;
        mine = Rm::aborted;
        return n;
    }
    return std::nullopt;
  }
  std::vector<weft::Property<Model>> properties() const {
    return {weft::always<Model>("TCConsistent", [](Model const& m, State const& s) {
      auto const first = s.rm.begin(), last = s.rm.begin() + m.rms;
      return !(std::count(first, last, Rm::aborted) && std::count(first, last, Rm::committed));
    })};
  }
  /// RMs are interchangeable.
  State representative(State const& s) const {
    std::array<unsigned, 4> count{};
    for (unsigned r = 0; r < rms; ++r) ++count[static_cast<unsigned>(s.rm[r])];
    State c = s;
    unsigned r = 0;
    for (unsigned v = 0; v < 4; ++v)
      for (unsigned k = 0; k < count[v]; ++k) c.rm[r++] = static_cast<Rm>(v);
    return c;
  }
};

/// The `--set` keys of TCommit.
struct Settings {
  std::uint32_t rms = 3;  ///< resource managers
};

}  // namespace tcommit

BOOST_HANA_ADAPT_STRUCT(tcommit::Settings, rms);

namespace tcommit {

inline void weft_describe(weft::Describe<Settings>& d) { d(&Settings::rms, "resource managers", weft::Bounds{1, max_rms}); }

/// TCommit as the weft command knows it.
inline auto const protocol = weft::protocol<Settings>("tcommit", "Lamport's TCommit.tla: the abstract transaction commit spec",
                                                      [](Settings const& s) { return Model{s.rms}; });

}  // namespace tcommit
