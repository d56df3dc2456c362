// The network's canonical order: the same messages sent in any order give the same world.
#include "weft/toy_processes.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

namespace {

using toy::Letter;
using Net = weft::Network<Letter>;

RC_GTEST_PROP(Network, UnorderedMultisetIsCanonicalWhateverTheSendingOrder, (std::vector<char> letters)) {
  auto shuffled = letters;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(*rc::gen::arbitrary<unsigned>()));
  auto a = toy::pair(letters).init_states().at(0);
  auto b = toy::pair(shuffled).init_states().at(0);
  RC_ASSERT(weft::fingerprint(a) == weft::fingerprint(b));
  RC_ASSERT(a.network.size() == letters.size());
}

TEST(Network, FifoKeepsSendingOrderPerLink) {
  auto ab = toy::pair({'a', 'b'}, weft::Delivery::fifo).init_states().at(0);
  auto ba = toy::pair({'b', 'a'}, weft::Delivery::fifo).init_states().at(0);
  EXPECT_NE(weft::fingerprint(ab), weft::fingerprint(ba));
  EXPECT_EQ(ab.network.at(0).msg.c, 'a');
}

TEST(Network, DuplicatingKeepsOneCopy) {
  Net::Messages net;
  Net::send(weft::Delivery::duplicating, net, {0, 1, {'a'}});
  Net::send(weft::Delivery::duplicating, net, {0, 1, {'a'}});
  EXPECT_EQ(net.size(), 1u);
  Net::send(weft::Delivery::unordered, net, {0, 1, {'a'}});
  EXPECT_EQ(net.size(), 2u);
}

TEST(Network, FifoDeliversOnlyTheHeadOfEachLink) {
  Net::Messages net;
  for (char c : {'b', 'a'}) Net::send(weft::Delivery::fifo, net, {0, 1, {c}});
  Net::send(weft::Delivery::fifo, net, {2, 1, {'z'}});
  std::vector<char> heads;
  Net::for_each_deliverable(weft::Delivery::fifo, net, [&](auto const& e) { heads.push_back(e.msg.c); });
  EXPECT_EQ(heads, (std::vector<char>{'b', 'z'}));
  EXPECT_EQ(Net::find_deliverable(weft::Delivery::fifo, net, {0, 1, {'a'}}), -1);
  EXPECT_EQ(Net::find_any(weft::Delivery::fifo, net, {0, 1, {'a'}}), 1);
}

// An engine rebuilds the network after a step from the old one and the delta alone: the old messages
// in order less the one taken, and the added ones at the positions the delta names.
RC_GTEST_PROP(Network, ADeltaTellsKeptMessagesFromAddedOnes, (std::vector<char> before, std::vector<char> sent)) {
  auto const d = *rc::gen::element(weft::Delivery::unordered, weft::Delivery::duplicating, weft::Delivery::fifo);
  Net::Messages net;
  for (char c : before) Net::send(d, net, {0, static_cast<weft::NodeId>(c & 1), {c}});
  Net::Messages const old = net;
  weft::NetworkDelta delta;
  if (!net.empty()) {
    delta.removed = *rc::gen::inRange<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(net.size()));
    net.erase(net.begin() + delta.removed);
  }
  for (char c : sent)
    if (auto at = Net::send(d, net, {0, static_cast<weft::NodeId>(c & 1), {c}}); at >= 0) delta.add(static_cast<std::size_t>(at));
  RC_ASSERT(std::adjacent_find(delta.added.begin(), delta.added.end(), std::greater_equal<>{}) == delta.added.end());
  std::size_t p = 0, k = 0;
  for (std::size_t j = 0; j < net.size(); ++j) {
    if (k < delta.added.size() && delta.added[k] == j) {
      ++k;
      continue;
    }
    p += delta.removed >= 0 && p == static_cast<std::size_t>(delta.removed);
    RC_ASSERT(p < old.size());
    RC_ASSERT(weft::equal(net[j], old[p++]));
  }
  RC_ASSERT(k == delta.added.size());
  RC_ASSERT(net.size() + (delta.removed >= 0 ? 1 : 0) == old.size() + delta.added.size());
}

// A delivery's reply fills the delivered message's place: the same network and the same position as
// taking the message out and then sending the reply.
RC_GTEST_PROP(Network, SendingIntoAHoleIsTakingThenSending, (std::vector<char> before, char reply)) {
  RC_PRE(!before.empty());
  auto const d = *rc::gen::element(weft::Delivery::unordered, weft::Delivery::fifo);
  Net::Messages net;
  for (char c : before) Net::send(d, net, {static_cast<weft::NodeId>(c & 2), static_cast<weft::NodeId>(c & 1), {c}});
  auto const hole = *rc::gen::inRange<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(net.size()));
  weft::Envelope<Letter> const e{static_cast<weft::NodeId>(reply & 2), static_cast<weft::NodeId>(reply & 1), {reply}};
  Net::Messages plain = net;
  plain.erase(plain.begin() + hole);
  auto const expected = Net::send(d, plain, e);
  auto const at = Net::send_into(d, net, hole, e);
  RC_ASSERT(at == expected);
  RC_ASSERT(net.size() == plain.size());
  for (std::size_t i = 0; i < net.size(); ++i) RC_ASSERT(weft::equal(net[i], plain[i]));
}

}  // namespace
