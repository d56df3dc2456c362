// Merz's SimpleAllocator.tla (tlaplus/Examples, specifications/allocator) as a weft Model: clients request
// sets of resources, the allocator hands out available ones (perhaps part of a request), clients return
// what they hold. Its liveness needs both kinds of fairness: WF_vars(Return(c, alloc[c])) makes a client
// give back everything it holds, and SF_vars(\E S: Allocate(c, S)) serves a client whose request is only
// now and then satisfiable, because other clients keep taking the resources it waits for. One action
// instance per TLA+ action, client and set of resources (SUBSET, the empty set included, as TLC enumerates
// it), so that the counts are TLC's: 3 clients, 2 resources, 400 distinct states, 1,633 generated.
//
//   simple_allocator::Model m{.fairness = simple_allocator::Fairness::spec2};  // SimpleAllocator2
#pragma once

#include <weft/fair_group.hpp>
#include <weft/model.hpp>
#include <weft/reflect.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace simple_allocator {

inline constexpr unsigned clients = 3;    ///< Clients = {c1, c2, c3}
inline constexpr unsigned resources = 2;  ///< Resources = {r1, r2}

/// unsat and alloc of the spec: per client, a set of resources as a bit mask.
struct State {
  BOOST_HANA_DEFINE_STRUCT(State, (std::array<std::uint8_t, clients>, unsat), (std::array<std::uint8_t, clients>, alloc));
};

enum class Kind : std::uint8_t { request, allocate, give_back };

/// Request(c, S), Allocate(c, S) or Return(c, S).
struct Action {
  BOOST_HANA_DEFINE_STRUCT(Action, (Kind, kind), (std::uint8_t, client), (std::uint8_t, set));
};
inline void weft_print(std::string& out, Action const& a) {
  out += a.kind == Kind::request ? "Request(c" : a.kind == Kind::allocate ? "Allocate(c" : "Return(c";
  out += std::to_string(a.client + 1) + ", {";
  for (unsigned r = 0; r < resources; ++r)
    if (a.set >> r & 1) out += (out.back() == '{' ? "r" : ", r") + std::to_string(r + 1);
  out += "})";
}

/// Which fairness the specification assumes.
enum class Fairness : std::uint8_t {
  spec,             ///< SimpleAllocator: WF(Return(c, alloc[c])), SF(\E S: Allocate(c, S))
  spec2,            ///< SimpleAllocator2: WF(unsat[c] = {} /\ Return(c, alloc[c])), SF(Allocate)
  weak_allocation,  ///< SimpleAllocator with WF in place of SF on Allocate
  no_return,        ///< SimpleAllocator without the fairness of Return
};

/// The specification with the chosen fairness and its properties: TypeInvariant and ResourceMutex
/// (invariants), ClientsWillReturn and ClientsWillObtain (one leads-to per client, and per resource),
/// InfOftenSatisfied (one always-eventually per client).
struct Model {
  using State = simple_allocator::State;
  using Action = simple_allocator::Action;
  Fairness fairness_kind = Fairness::spec;

  std::vector<State> init_states() const { return {State{}}; }
  void actions(State const&, std::vector<Action>& out) const {
    for (std::uint8_t c = 0; c < clients; ++c)
      for (std::uint8_t set = 0; set < (1u << resources); ++set)
        for (Kind k : {Kind::request, Kind::allocate, Kind::give_back}) out.push_back({k, c, set});
  }
  static std::uint8_t available(State const& s) {
    std::uint8_t held = 0;
    for (auto a : s.alloc) held |= a;
    return static_cast<std::uint8_t>(((1u << resources) - 1) & ~held);
  }
  std::optional<State> next_state(State const& s, Action const& a) const {
    if (a.set == 0 || a.client >= clients) return std::nullopt;
    State n = s;
    std::uint8_t& unsat = n.unsat[a.client];
    std::uint8_t& alloc = n.alloc[a.client];
    switch (a.kind) {
      case Kind::request:
        if (s.unsat[a.client] != 0 || s.alloc[a.client] != 0) return std::nullopt;
        unsat = a.set;
        return n;
      case Kind::allocate:
        if ((a.set & ~(available(s) & s.unsat[a.client])) != 0) return std::nullopt;
        alloc |= a.set;
        unsat &= static_cast<std::uint8_t>(~a.set);
        return n;
      case Kind::give_back:
        if ((a.set & ~s.alloc[a.client]) != 0) return std::nullopt;
        alloc &= static_cast<std::uint8_t>(~a.set);
        return n;
    }
    return std::nullopt;
  }
  /// The fairness conjuncts: Return(c, alloc[c]) is a group per client (weak), \E S: Allocate(c, S) another
  /// (strong, or weak in the weakened variant).
  void fairness(State const& s, Action const& a, std::vector<weft::FairGroup>& out) const {
    if (a.kind == Kind::give_back && a.set == s.alloc[a.client] && fairness_kind != Fairness::no_return &&
        (fairness_kind != Fairness::spec2 || s.unsat[a.client] == 0))
      out.push_back({weft::Fair::weak, 10u + a.client});
    if (a.kind == Kind::allocate)
      out.push_back({fairness_kind == Fairness::weak_allocation ? weft::Fair::weak : weft::Fair::strong, 20u + a.client});
  }
  std::vector<weft::Property<Model>> properties() const {
    using P = weft::Property<Model>;
    std::vector<P> out;
    out.push_back(weft::always<Model>("ResourceMutex", [](Model const&, State const& s) {
      for (unsigned c = 0; c < clients; ++c)
        for (unsigned d = c + 1; d < clients; ++d)
          if (s.alloc[c] & s.alloc[d]) return false;
      return true;
    }));
    for (unsigned c = 0; c < clients; ++c) {
      std::string const name = "c" + std::to_string(c + 1);
      out.push_back(weft::leads_to<Model>("ClientsWillReturn(" + name + ")",
                                          [c](Model const&, State const& s) { return s.unsat[c] == 0; },
                                          [c](Model const&, State const& s) { return s.alloc[c] == 0; }));
      for (unsigned r = 0; r < resources; ++r)
        out.push_back(weft::leads_to<Model>("ClientsWillObtain(" + name + ", r" + std::to_string(r + 1) + ")",
                                            [c, r](Model const&, State const& s) { return (s.unsat[c] >> r & 1) != 0; },
                                            [c, r](Model const&, State const& s) { return (s.alloc[c] >> r & 1) != 0; }));
      out.push_back(weft::always_eventually<Model>("InfOftenSatisfied(" + name + ")",
                                                   [c](Model const&, State const& s) { return s.unsat[c] == 0; }));
    }
    return out;
  }
};

}  // namespace simple_allocator
