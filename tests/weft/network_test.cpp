// The network's canonical order: the same messages sent in any order give the same world.
#include "weft/toy_processes.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
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

}  // namespace
