// Which events of a run belong together, so the shrinker can drop them at once: events about the same
// subject; and which node acts in each event, so that among equally short runs it can prefer the one that
// switches between nodes least (the most readable interleaving). A world's events are grouped by kind and the nodes they name (a node's inputs; a node's crashes
// with its restarts; the timeouts of a node; the deliveries, drops and duplicates on one link; partitions
// with heals); any other model's events by identical value.
#pragma once

#include <weft/fingerprint.hpp>
#include <weft/node_id.hpp>
#include <weft/reflect.hpp>
#include <weft/traits.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace weft::shrinker {

namespace detail {
// The subject of a reflected event: its kind and the node ids in its fields.
template <class E>
std::string subject_of(E const& e) {
  std::string kind(type_name<E>().substr(0, type_name<E>().find('<')));
  if (kind == "Restart") kind = "Crash";
  if (kind == "Heal") kind = "Partition";
  if (kind == "Drop" || kind == "Duplicate") kind = "Deliver";
  std::string key = kind;
  if constexpr (Reflected<E>) {
    for_each_field(e, [&](char const* name, auto const& field) {
      if constexpr (std::is_same_v<std::decay_t<decltype(field)>, NodeId>)
        key += std::string(" ") + name + "=" + std::to_string(field.value);
    });
  }
  return key;
}
}  // namespace detail

/// The subject an event is grouped under.
template <class Action>
std::string subject(Action const& a) {
  if constexpr (traits::Variant<Action>) return std::visit([](auto const& e) { return detail::subject_of(e); }, a);
  else return canonical_bytes(a);
}

/// Groups of event positions (two or more events each) that share a subject.
template <class Action>
std::vector<std::set<std::size_t>> group_events(std::vector<Action> const& events) {
  std::map<std::string, std::set<std::size_t>> by_subject;
  for (std::size_t i = 0; i < events.size(); ++i) by_subject[subject(events[i])].insert(i);
  std::vector<std::set<std::size_t>> out;
  for (auto& [key, positions] : by_subject)
    if (positions.size() > 1) out.push_back(std::move(positions));
  return out;
}

namespace detail {
// The node an event happens at: its receiver (`to`) or its `node`.
template <class E>
std::optional<NodeId> actor_of(E const& e) {
  std::optional<NodeId> to, node;
  if constexpr (Reflected<E>) {
    for_each_field(e, [&](char const* name, auto const& field) {
      if constexpr (std::is_same_v<std::decay_t<decltype(field)>, NodeId>) {
        if (std::string_view(name) == "to") to = field;
        if (std::string_view(name) == "node") node = field;
      }
    });
  }
  return to ? to : node;
}
}  // namespace detail

/// The node at which event `a` happens (a delivery's receiver, a timeout's or input's node), if any.
template <class Action>
std::optional<NodeId> actor(Action const& a) {
  if constexpr (traits::Variant<Action>) return std::visit([](auto const& e) { return detail::actor_of(e); }, a);
  else return detail::actor_of(a);
}

/// How often consecutive events of `events` happen at different nodes (events at no node are passed over).
template <class Action>
std::size_t switches(std::vector<Action> const& events) {
  std::size_t n = 0;
  std::optional<NodeId> last;
  for (auto const& e : events) {
    auto const at = actor(e);
    if (!at) continue;
    if (last && *last != *at) ++n;
    last = at;
  }
  return n;
}

}  // namespace weft::shrinker
