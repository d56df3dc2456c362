// The plain choosers for weft::drive (drive.hpp): follow a list of events and stop at the first one that
// is not enabled (replay), follow it skipping events that are no longer enabled (the shrinker's candidate
// runs), or pick uniformly among the enabled events with a seeded Rng (random walks). `execute` runs a
// list of events once and keeps everything: the way a counterexample becomes a Run with its effects.
//
//   weft::Rng rng = weft::Rng::from_seed(seed, walk);
//   weft::UniformRandom<World> pick(world, rng);
//   weft::Run<World> run = weft::start_run<World>(initial);
//   weft::drive(world, run, pick, weft::record_all<World>, {.max_steps = 100});
#pragma once

#include <weft/drive.hpp>
#include <weft/error.hpp>
#include <weft/print.hpp>
#include <weft/rng.hpp>

#include <optional>
#include <string>
#include <vector>

namespace weft {

/// Proposes a given list of events in order; a refused one stops the run (replay: the trace no longer
/// applies) or, with `skip_disabled`, is passed over (a shrinking candidate whose removed events orphaned it).
template <class M>
class FollowEvents {
 public:
  /// Follows `events` (which must outlive the chooser).
  explicit FollowEvents(std::vector<typename M::Action> const& events, bool skip_disabled = false)
      : events_(events), skip_(skip_disabled) {}
  std::optional<typename M::Action> propose(typename M::State const&) const {
    if (next_ >= events_.size()) return std::nullopt;
    return events_[next_];
  }
  OnRefusal refused(typename M::Action const&, Step) {
    if (!skip_) return OnRefusal::stop;
    ++next_;
    return OnRefusal::retry;
  }
  void taken(typename M::Action const&, typename M::State const&, Effects<M> const&) { ++next_; }
  /// The position of the next event to propose.
  std::size_t position() const { return next_; }

 private:
  std::vector<typename M::Action> const& events_;
  bool skip_;
  std::size_t next_ = 0;
};

/// The shrinker's chooser: follows a candidate list of events, skipping those no longer enabled.
template <class M>
FollowEvents<M> skip_disabled(std::vector<typename M::Action> const& events) {
  return FollowEvents<M>(events, true);
}

/// Picks uniformly among the events the model lists at each state, drawing again among the rest when one
/// is not enabled; nothing when none is (a dead end).
template <Model M>
class UniformRandom {
 public:
  /// Draws from `rng` (which must outlive the chooser).
  UniformRandom(M const& m, Rng& rng) : m_(m), rng_(rng) {}
  std::optional<typename M::Action> propose(typename M::State const& s) {
    if (fresh_) {
      actions_.clear();
      m_.actions(s, actions_);
      fresh_ = false;
    }
    if (actions_.empty()) return std::nullopt;
    pick_ = rng_.below(actions_.size());
    return actions_[pick_];
  }
  OnRefusal refused(typename M::Action const&, Step) {
    actions_[pick_] = std::move(actions_.back());  // not enabled after all: draw again among the rest
    actions_.pop_back();
    return OnRefusal::retry;
  }
  void taken(typename M::Action const&, typename M::State const&, Effects<M> const&) { fresh_ = true; }

 private:
  M const& m_;
  Rng& rng_;
  std::vector<typename M::Action> actions_;
  std::size_t pick_ = 0;
  bool fresh_ = true;
};

/// Runs `events` from `initial` and keeps every state and effect. Throws weft::Error naming the first
/// event that is not enabled.
template <Model M>
Run<M> execute(M const& m, typename M::State initial, std::vector<typename M::Action> const& events) {
  Run<M> run = start_run<M>(std::move(initial));
  FollowEvents<M> follow(events);
  DriveEnd const end = drive(m, run, follow, record_all<M>, {.effects = true});
  if (end.refused)
    throw Error("step " + std::to_string(end.step + 1) + " (" + to_text(events[end.step]) + ") is not enabled: " + end.why);
  return run;
}

}  // namespace weft
