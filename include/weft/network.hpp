// The simulated network as plain data: the messages in flight, kept in a canonical order that depends on
// the delivery semantics, so that equal networks serialise to equal bytes whatever the sending order.
#pragma once

#include <weft/compare.hpp>
#include <weft/effects.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace weft {

/// How the network delivers messages.
enum class Delivery : std::uint8_t {
  unordered,    ///< a multiset: any in-flight message may be delivered next, and delivery consumes it
  duplicating,  ///< a set: delivery does not consume, so every message may arrive any number of times
  fifo,         ///< a queue per directed link: only the oldest message of each link may be delivered
};

/// The printed name of a delivery semantics.
inline char const* to_string(Delivery d) {
  switch (d) {
    case Delivery::unordered: return "unordered";
    case Delivery::duplicating: return "duplicating";
    case Delivery::fifo: return "fifo";
  }
  return "?";
}

/// Where one step changed the messages in flight, so that an engine stepping a world in place can tell
/// the messages it kept from the ones it added without comparing them: a step takes at most one message
/// out (a delivery or a drop), before it adds any.
struct NetworkDelta {
  std::ptrdiff_t removed = -1;      ///< the position, in the network before the step, of the message taken out; -1: none
  std::vector<std::size_t> added;   ///< the positions, in the network after the step, of the messages added (ascending)

  /// Forgets the last step.
  void clear() {
    removed = -1;
    added.clear();
  }
  /// Notes a message inserted at `at`: the ones added before it at or after `at` moved up one place.
  void add(std::size_t at) {
    auto const later = std::lower_bound(added.begin(), added.end(), at);
    for (auto p = later; p != added.end(); ++p) ++*p;
    added.insert(later, at);
  }
};

/// A message in flight.
template <class Msg>
struct Envelope {
  BOOST_HANA_DEFINE_STRUCT(Envelope, (NodeId, from), (NodeId, to), (Msg, msg));
};

/// The in-flight messages, sorted canonically: by link then message (unordered, duplicating), or by link
/// then sending order (fifo). Operations keep the order; the vector itself is the serialised form.
template <class Msg>
class Network {
 public:
  using Messages = std::vector<Envelope<Msg>>;

  /// Adds a message as sent now; returns where it went, or -1 when a duplicating network already held it.
  static std::ptrdiff_t send(Delivery d, Messages& net, Envelope<Msg> e) {
    auto const at = place(d, net.begin(), net.end(), e);
    if (d == Delivery::duplicating && at != net.end() && equal(*at, e)) return -1;
    auto const placed = net.insert(at, std::move(e));  // begin() only after a reallocation
    return placed - net.begin();
  }

  /// Adds a message as `send` does (never on a duplicating network) to a network whose message at `hole`
  /// was just taken out but is still in place: it goes where `send` would put it once the hole is closed,
  /// and only the messages between the two places move. Returns its place, the hole closed.
  static std::ptrdiff_t send_into(Delivery d, Messages& net, std::ptrdiff_t hole, Envelope<Msg> e) {
    auto const h = net.begin() + hole;
    std::ptrdiff_t at = place(d, net.begin(), h, e) - net.begin();
    if (at == hole) at = place(d, h + 1, net.end(), e) - net.begin() - 1;
    if (at < hole) std::move_backward(net.begin() + at, h, h + 1);
    else if (at > hole) std::move(h + 1, net.begin() + at + 1, h);
    net[static_cast<std::size_t>(at)] = std::move(e);
    return at;
  }

  /// Restores the canonical order after messages were changed in place (renamed, say); under fifo each
  /// link keeps its sending order.
  static void canonicalize(Delivery d, Messages& net) {
    if (d == Delivery::fifo) std::stable_sort(net.begin(), net.end(), link_less);
    else std::sort(net.begin(), net.end(), Less{});
  }

  /// A message looked for in flight, held by reference: a search copies no message.
  struct Probe {
    NodeId from;      ///< its sender
    NodeId to;        ///< its receiver
    Msg const& msg;   ///< its contents
  };

  /// The position of a deliverable copy of `e`, or -1: the head of its link under fifo, any copy otherwise.
  static std::ptrdiff_t find_deliverable(Delivery d, Messages const& net, Probe const& e) {
    if (d == Delivery::fifo) {
      auto at = std::lower_bound(net.begin(), net.end(), e, link_before);
      return at != net.end() && compare_to(*at, e) == 0 ? at - net.begin() : -1;
    }
    return find_any(d, net, e);
  }

  /// The position of some copy of `e` anywhere in flight, or -1.
  static std::ptrdiff_t find_any(Delivery d, Messages const& net, Probe const& e) {
    if (d == Delivery::fifo) {
      auto first = std::lower_bound(net.begin(), net.end(), e, link_before);
      for (auto it = first; it != net.end() && it->from == e.from && it->to == e.to; ++it)
        if (compare(it->msg, e.msg) == 0) return it - net.begin();
      return -1;
    }
    auto at = std::lower_bound(net.begin(), net.end(), e, [](Envelope<Msg> const& x, Probe const& p) { return compare_to(x, p) < 0; });
    return at != net.end() && compare_to(*at, e) == 0 ? at - net.begin() : -1;
  }

  /// Calls f(envelope) once per distinct deliverable message (copies of one message are one choice).
  template <class F>
  static void for_each_deliverable(Delivery d, Messages const& net, F&& f) {
    for (std::size_t i = 0; i < net.size(); ++i) {
      bool const same_link = i > 0 && !link_less(net[i - 1], net[i]);
      if (d == Delivery::fifo ? same_link : (i > 0 && equal(net[i - 1], net[i]))) continue;
      f(net[i]);
    }
  }

  /// Calls f(envelope) once per distinct message in flight (the choices for a drop or a duplicate).
  template <class F>
  static void for_each_distinct(Delivery d, Messages const& net, F&& f) {
    for (std::size_t i = 0; i < net.size(); ++i) {
      bool seen = false;
      if (d == Delivery::fifo) {
        for (std::size_t j = i; j-- > 0 && !link_less(net[j], net[i]);) seen = seen || equal(net[j], net[i]);
      } else {
        seen = i > 0 && equal(net[i - 1], net[i]);
      }
      if (!seen) f(net[i]);
    }
  }

 private:
  // Where `send` puts `e` among [first, last): after its link's messages under fifo, in order otherwise.
  template <class It>
  static It place(Delivery d, It first, It last, Envelope<Msg> const& e) {
    return d == Delivery::fifo ? std::upper_bound(first, last, e, link_less) : std::lower_bound(first, last, e, Less{});
  }
  static bool link_less(Envelope<Msg> const& a, Envelope<Msg> const& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  }
  static bool link_before(Envelope<Msg> const& a, Probe const& p) {
    return a.from != p.from ? a.from < p.from : a.to < p.to;
  }
  // An envelope's order against a probe's: Envelope's fields in their order, as weft::compare has it.
  static int compare_to(Envelope<Msg> const& a, Probe const& p) {
    if (int const c = compare(a.from, p.from)) return c;
    if (int const c = compare(a.to, p.to)) return c;
    return compare(a.msg, p.msg);
  }
};

}  // namespace weft
