// A shrinking candidate: a list of events run from the initial state by weft::drive with the chooser that
// skips events no longer enabled (the orphans of removed ones), up to the first state that breaks the
// invariant. So every candidate that still fails is itself a valid, shorter run.
#pragma once

#include <weft/choosers.hpp>
#include <weft/fingerprint.hpp>
#include <weft/property.hpp>

#include <optional>
#include <vector>

namespace weft::shrinker {

/// Runs `events` from `initial`, skipping events that are not enabled, up to the first state where
/// invariant `property` fails; the events taken, or nothing when it never fails. With `fingerprints`,
/// also the fingerprint of every state of that run (initial first).
template <Model M>
std::optional<std::vector<typename M::Action>> failing_run(M const& m, typename M::State const& initial,
                                                          std::vector<typename M::Action> const& events,
                                                          Property<M> const& property,
                                                          std::vector<Fingerprint>* fingerprints = nullptr) {
  Run<M> run = start_run<M>(initial);
  auto chooser = skip_disabled<M>(events);
  bool failed = false;
  if (fingerprints) fingerprints->clear();
  drive(m, run, chooser, [&](Run<M> const& now) {
    if (fingerprints) fingerprints->push_back(fingerprint(now.states.back()));
    failed = !property.predicate(m, now.states.back());
    return failed ? Observe::stop : Observe::go_on;
  }, {.states = false});
  if (!failed) return std::nullopt;
  return std::move(run.events);
}

}  // namespace weft::shrinker
