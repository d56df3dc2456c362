// The bundled protocols, each with the configuration keys that build its model.
#include "catalogue.hpp"

#include "run_check.hpp"

#include <ping_pong/ping_pong.hpp>
#include <tcommit/tcommit.hpp>
#include <two_phase/two_phase.hpp>

namespace weft::cli {

namespace {

Delivery parse_delivery(std::string const& text) {
  for (Delivery d : {Delivery::unordered, Delivery::duplicating, Delivery::fifo})
    if (text == to_string(d)) return d;
  throw Error("delivery must be unordered, duplicating or fifo, got '" + text + "'");
}

std::vector<ConfigKey> world_keys(std::vector<ConfigKey> keys) {
  std::vector<ConfigKey> common{
      {"delivery", "unordered", "network semantics: unordered, duplicating or fifo"},
      {"drops", "0", "messages the network may lose"},
      {"duplicates", "0", "messages the network may duplicate"},
      {"crashes", "0", "node crashes"},
      {"restarts", "0", "restarts of crashed nodes"},
      {"partitions", "0", "network partitions"},
  };
  keys.insert(keys.end(), common.begin(), common.end());
  return keys;
}

template <class W>
W& apply_world_keys(W& w, Config const& c) {
  auto n = [&](char const* k) { return static_cast<std::uint32_t>(c.number(k)); };
  w.delivery(parse_delivery(c.text("delivery")));
  w.faults({.drops = n("drops"), .duplicates = n("duplicates"), .crashes = n("crashes"), .restarts = n("restarts"),
            .partitions = n("partitions")});
  return w;
}

ping_pong::World make_ping_pong(Config const& c) {
  ping_pong::Client client;
  client.max_retries = static_cast<std::uint32_t>(c.number("max_retries"));
  client.accept_stale_pong = c.flag("accept_stale_pong");
  std::vector<std::uint32_t> values;
  for (std::uint32_t i = 1; i <= c.number("requests"); ++i) values.push_back(i * 10);
  auto w = ping_pong::make_world(values, client);
  return apply_world_keys(w, c);
}

template <class M>
std::vector<std::pair<std::string, std::string>> property_names(M const& m) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto const& p : m.properties()) out.emplace_back(to_string(p.expectation), p.name);
  return out;
}

// Wraps a model factory into a catalogue entry.
template <class Factory>
Protocol entry(std::string name, std::string summary, std::vector<ConfigKey> keys, Factory make) {
  return Protocol{std::move(name), std::move(summary), std::move(keys),
                  [make](Config const& c) { return property_names(make(c)); },
                  [make](Config const& c, CheckRequest const& r) { return run_check(make(c), r); }};
}

}  // namespace

std::vector<Protocol> const& catalogue() {
  static std::vector<Protocol> const protocols{
      entry("two_phase", "Lamport's TwoPhase.tla: a transaction manager and N resource managers",
            {{"rms", "3", "resource managers (1 to 12)"},
             {"bug_commit", "0", "bug: the TM commits without waiting for every RM to prepare"},
             {"bug_abort", "0", "bug: an RM may abort after preparing"}},
            [](Config const& c) {
              return two_phase::Model{static_cast<unsigned>(c.number("rms")), c.flag("bug_commit"), c.flag("bug_abort")};
            }),
      entry("tcommit", "Lamport's TCommit.tla: the abstract transaction commit spec",
            {{"rms", "3", "resource managers (1 to 12)"}},
            [](Config const& c) { return tcommit::Model{static_cast<unsigned>(c.number("rms"))}; }),
      entry("ping_pong", "a client asks a server to echo values, retrying on a timer",
            world_keys({{"requests", "2", "values the client asks for, one at a time"},
                        {"max_retries", "1", "retries per request before the client gives up"},
                        {"accept_stale_pong", "0", "bug: take any reply as the answer to the current request"}}),
            make_ping_pong),
  };
  return protocols;
}

Protocol const& find_protocol(std::string const& name) {
  std::string known;
  for (auto const& p : catalogue()) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error("unknown protocol '" + name + "' (known: " + known + ")");
}

}  // namespace weft::cli
