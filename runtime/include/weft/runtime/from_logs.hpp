// From live logs to the simulated world: a node's log as a trace (its inputs become world events, so the
// shrinker, the corpus and `weft replay` can work on what happened in production), and a world state
// assembled from several nodes' logs, to model-check from where production is.
#pragma once

#include <weft/network.hpp>
#include <weft/runtime/recovery.hpp>
#include <weft/trace.hpp>

#include <map>
#include <string>
#include <vector>

namespace weft::runtime {

namespace detail {
// The node's record after its first start, what that start sent, and the events after it.
template <class W>
struct LoggedRun {
  typename W::Node started;
  std::vector<Envelope<typename W::Msg>> start_sends;
  std::vector<typename W::Action> events;
  std::vector<Envelope<typename W::Msg>> received;  // in the order they arrived
};

template <class W>
LoggedRun<W> logged_run(W const& world, LogFile<W> const& log) {
  NodeId const id = log.header.node;
  LoggedRun<W> run{};
  bool have_node = false, started = false;
  for (auto const& record : log.records) {
    if (auto const* s = std::get_if<LogSnapshot<W>>(&record); s && !have_node) {
      run.started = s->node, have_node = true;
    } else if (auto const* in = std::get_if<LogInput<W>>(&record); in && have_node) {
      std::visit([&](auto const& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Started>) {
          if (started) throw Error("the log of node " + std::to_string(id.value) + " starts twice without a restart");
          started = true;
          world.run_local(run.started, id, e, [&](typename W::WorldEffect&& fx) {
            if (auto const* send = std::get_if<Send<typename W::Msg>>(&fx)) run.start_sends.push_back({id, send->to, send->msg});
          });
        } else if constexpr (std::is_same_v<E, Restarted>) {
          run.events.push_back(Crash{id});
          run.events.push_back(Restart{id});
        } else if constexpr (std::is_same_v<E, Received<typename W::Msg>>) {
          run.events.push_back(Deliver<typename W::Msg>{e.from, id, e.msg});
          run.received.push_back({e.from, id, e.msg});
        } else if constexpr (std::is_same_v<E, Fired<typename W::Timer>>) {
          run.events.push_back(Timeout<typename W::Timer>{id, e.timer});
        } else {
          run.events.push_back(UserInput<typename W::In>{id, e.value});
        }
      }, in->event);
    }
  }
  if (!started) throw Error("the log of node " + std::to_string(id.value) + " never records its start");
  return run;
}
}  // namespace detail

/// How many restarts a log records (the world that replays it needs that crash and restart budget).
template <class W>
std::size_t restarts_in(LogFile<W> const& log) {
  std::size_t n = 0;
  for (auto const& record : log.records)
    if (auto const* in = std::get_if<LogInput<W>>(&record)) n += std::holds_alternative<Restarted>(in->event);
  return n;
}

/// The trace, in `world`, of a node's log: the node starts as in the log (after its first start), the
/// messages it received are in flight from their senders from the outset, the other nodes stay idle, and
/// its inputs, timeouts, deliveries and restarts are the events. `world` must accept the node's inputs
/// (free inputs) and allow its restarts (crash and restart budgets).
template <class W>
Trace<W> log_to_trace(W const& world, LogFile<W> const& log, TraceHeader header) {
  NodeId const id = log.header.node;
  auto const run = detail::logged_run(world, log);
  typename W::State initial = world.init_states().at(0);
  world.put_node(initial, id, run.started);
  std::erase_if(initial.network, [&](auto const& e) { return e.from == id; });
  for (auto const& e : run.start_sends) Network<typename W::Msg>::send(world.delivery(), initial.network, e);
  for (auto const& e : run.received) Network<typename W::Msg>::send(world.delivery(), initial.network, e);
  return record_trace(world, initial, run.events, std::move(header));
}

/// A world state assembled from several nodes' logs: each node's record at the end of its log, and in
/// flight every message a logged node sent that its logged receiver had not received. Nodes without a log
/// keep their initial records. The logs need not end at the same moment; a message received but not yet
/// sent, as far as the logs tell, is simply not in flight.
template <class W>
typename W::State state_from_logs(W const& world, std::vector<LogFile<W>> const& logs) {
  typename W::State s = world.init_states().at(0);
  s.network.clear();
  std::map<std::string, std::pair<Envelope<typename W::Msg>, long>> flight;  // by canonical bytes: count
  std::vector<bool> logged(world.node_count(), false);
  for (auto const& log : logs) {
    NodeId const id = log.header.node;
    if (id >= world.node_count()) throw Error("a log of node " + std::to_string(id.value) + " in a world of " + std::to_string(world.node_count()));
    if (logged[id]) throw Error("two logs of node " + std::to_string(id.value));
    logged[id] = true;
    world.put_node(s, id, end_record(world, log));
  }
  for (auto const& log : logs) {
    NodeId const id = log.header.node;
    for (auto const& record : log.records) {
      if (auto const* out = std::get_if<LogOutput<W>>(&record)) {
        if (auto const* send = std::get_if<Send<typename W::Msg>>(&out->effect); send && send->to < logged.size() && logged[send->to]) {
          Envelope<typename W::Msg> e{id, send->to, send->msg};
          auto& slot = flight[canonical_bytes(e)];
          slot.first = e, ++slot.second;
        }
      } else if (auto const* in = std::get_if<LogInput<W>>(&record)) {
        if (auto const* got = std::get_if<Received<typename W::Msg>>(&in->event); got && got->from < logged.size() && logged[got->from]) {
          Envelope<typename W::Msg> e{got->from, id, got->msg};
          auto& slot = flight[canonical_bytes(e)];
          slot.first = e, --slot.second;
        }
      }
    }
  }
  for (auto const& [bytes, entry] : flight)
    for (long k = 0; k < entry.second; ++k) Network<typename W::Msg>::send(world.delivery(), s.network, entry.first);
  return s;
}

}  // namespace weft::runtime
