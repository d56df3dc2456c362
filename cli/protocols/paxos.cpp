// `weft check paxos`: single-decree Paxos with proposers, acceptors and learners.
#include "dispatch.hpp"

#include <paxos/paxos.hpp>
#include <paxos/paxos_properties.hpp>

namespace weft::cli {

Protocol paxos_protocol() {
  return entry("paxos", "single-decree Paxos: proposers, acceptors, learners; agreement and validity",
               world_keys({{"proposers", "2", "proposers (nodes 0..P-1); proposer i proposes 10*(i+1)"},
                           {"acceptors", "3", "acceptors (interchangeable: --symmetry)"},
                           {"learners", "1", "learners (interchangeable: --symmetry)"},
                           {"max_rounds", "1", "ballots each proposer may try (bounds the state space; 2 is far larger)"},
                           {"max_ballot", "0", "if not 0, the highest ballot any proposer may try (a finer bound)"},
                           {"bug_forget_promise", "0", "bug: an acceptor's promise and accepted value are lost by a crash"},
                           {"bug_ignore_accepted", "0", "bug: phase 2 proposes its own value, ignoring accepted ones"}}),
               [](Config const& c) {
                 auto n = [&](char const* k) { return static_cast<std::uint32_t>(c.number(k)); };
                 paxos::Settings s;
                 s.layout = {n("proposers"), n("acceptors"), n("learners")};
                 s.max_rounds = n("max_rounds");
                 s.max_ballot = n("max_ballot");
                 s.bug_forget_promise = c.flag("bug_forget_promise");
                 s.bug_ignore_accepted = c.flag("bug_ignore_accepted");
                 auto w = paxos::make_checked_world(s);
                 return apply_world_keys(w, c);
               });
}

}  // namespace weft::cli
