// Datagrams: a message survives the wire; anything else (short, foreign, another version, another
// cluster, truncated, corrupt, hostile sizes, a bool that is neither 0 nor 1, a node id of no node, a
// missing or wrong authentication tag) is refused with a reason and never crashes; a process that asks
// for it receives an undecodable payload as a Malformed value.
#include <weft/runtime/datagram.hpp>
#include <weft/runtime/key.hpp>

#include <ping_pong/ping_pong.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

using weft::runtime::arrival;
using weft::runtime::encode_datagram;
using ping_pong::Msg;

std::string with_header(std::uint16_t version, std::uint32_t from, std::string const& payload, std::size_t declared) {
  std::string out = "WEFT";
  auto put = [&](auto v) {
    for (std::size_t i = 0; i < sizeof v; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  put(version), put(from), put(static_cast<std::uint32_t>(declared));
  return out + payload;
}

TEST(Datagram, CarriesAMessageAndItsSender) {
  auto const a = arrival<Msg>(encode_datagram(weft::NodeId(1), Msg(ping_pong::Pong{3, 42})), 2);
  ASSERT_TRUE(a.message) << a.refused;
  EXPECT_EQ(a.message->from, weft::NodeId(1));
  EXPECT_TRUE(weft::equal(a.message->msg, Msg(ping_pong::Pong{3, 42})));
}

TEST(Datagram, RefusesWhatIsNotAMessageOfThisCluster) {
  std::string const good = encode_datagram(weft::NodeId(0), Msg(ping_pong::Ping{1, 2}));
  std::string const payload = good.substr(weft::runtime::wire_header);
  struct Case {
    std::string bytes, reason;
  };
  std::vector<Case> const cases{
      {"hi", "shorter than a header"},
      {"GET / HTTP/1.0\r\n\r\n", "bad magic"},
      {with_header(9, 0, payload, payload.size()), "wire format 9, this build speaks 2"},
      {with_header(2, 7, payload, payload.size()), "from node 7, not of this cluster"},
      {with_header(2, 0, payload, payload.size() + 1), "truncated or padded"},
      {good.substr(0, good.size() - 1), "truncated or padded"},
      {with_header(2, 0, "\x05", 1), "malformed message"},
      {with_header(2, 0, payload + "x", payload.size() + 1), "unexpected bytes at its end"},
  };
  for (auto const& c : cases) {
    auto const a = arrival<Msg>(c.bytes, 2);
    EXPECT_FALSE(a.message);
    EXPECT_NE(a.refused.find(c.reason), std::string::npos) << a.refused;
  }
}

// A vector's size of 2^40 in a 30-byte datagram: refused before anything is allocated for it.
TEST(Datagram, AHostileSizeIsRefusedWithoutAllocating) {
  using Wide = std::variant<std::vector<std::uint64_t>, std::string>;
  for (std::uint32_t alternative : {0u, 1u}) {
    std::string payload;
    for (int i = 0; i < 4; ++i) payload += static_cast<char>(i == 0 ? alternative : 0);  // the variant's index
    payload.resize(payload.size() + 8);
    payload[payload.size() - 3] = 1;  // 2^40 elements
    auto const a = arrival<Wide>(with_header(2, 0, payload, payload.size()), 1);
    EXPECT_FALSE(a.message);
    EXPECT_NE(a.refused.find("malformed message"), std::string::npos) << a.refused;
  }
}

RC_GTEST_PROP(Datagram, MutatedDatagramsNeverCrash, (std::uint32_t seq, std::vector<std::pair<std::uint16_t, std::uint8_t>> edits, std::uint8_t cut)) {
  std::string bytes = encode_datagram(weft::NodeId(0), Msg(ping_pong::Ping{seq, seq * 7}));
  for (auto [at, value] : edits) bytes[at % bytes.size()] = static_cast<char>(value);
  if (cut % 4 == 0) bytes.resize(cut % (bytes.size() + 1));
  auto const a = arrival<Msg>(bytes, 2);
  RC_ASSERT(a.message.has_value() != !a.refused.empty());
}

RC_GTEST_PROP(Datagram, RandomBytesNeverCrash, (std::string bytes)) {
  auto const a = arrival<Msg>(bytes, 3);
  RC_ASSERT(a.message.has_value() || !a.refused.empty());
}

// A process whose Msg holds Malformed sees what did not decode, with the reason.
TEST(Datagram, MalformedPayloadsAsAValueForProcessesThatAskForThem) {
  using Parsing = std::variant<ping_pong::Ping, weft::Malformed>;
  auto const a = arrival<Parsing>(with_header(2, 1, std::string("\x00\x00", 2), 2), 2);
  ASSERT_TRUE(a.message) << a.refused;
  auto const* m = std::get_if<weft::Malformed>(&a.message->msg);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->bytes, std::string("\x00\x00", 2));
  EXPECT_NE(m->reason.find("malformed message"), std::string::npos);
  EXPECT_FALSE(arrival<Parsing>("WEFTgarbage!!!!", 2).message) << "a bad header is still dropped";
}

// What the strict decoder refuses never reaches a node, so never reaches its log: a flag byte of 8 (the
// forged AppendReply that once made a node's log unreadable), a node id of no node.
struct Reply {
  BOOST_HANA_DEFINE_STRUCT(Reply, (std::uint32_t, term), (bool, success), (weft::NodeId, leader));
};

TEST(Datagram, AFlagThatIsNeither0Nor1OrANodeOfNoneIsRefused) {
  std::string const good = encode_datagram(weft::NodeId(1), Reply{4, true, 2});
  std::string forged = good;
  forged[weft::runtime::wire_header + 4] = 8;
  auto const a = arrival<Reply>(forged, 3);
  EXPECT_FALSE(a.message);
  EXPECT_NE(a.refused.find("bool that is neither 0 nor 1"), std::string::npos) << a.refused;
  EXPECT_TRUE(arrival<Reply>(good, 3).message);
  auto const b = arrival<Reply>(encode_datagram(weft::NodeId(1), Reply{4, true, 65536}), 3);
  EXPECT_FALSE(b.message);
  EXPECT_NE(b.refused.find("names node 65536"), std::string::npos) << b.refused;
}

// A cluster with a key drops what another key (or no key) tagged, and what was changed after tagging.
TEST(Datagram, AuthenticatedByTheClusterKey) {
  auto const key = weft::runtime::make_key(), other = weft::runtime::make_key();
  Msg const pong{ping_pong::Pong{3, 42}};
  std::string const tagged = encode_datagram(weft::NodeId(1), pong, &key);
  EXPECT_EQ(tagged.size(), encode_datagram(weft::NodeId(1), pong).size() + weft::runtime::wire_tag);
  ASSERT_TRUE(arrival<Msg>(tagged, 2, &key).message);
  EXPECT_NE(arrival<Msg>(tagged, 2, &other).refused.find("authentication tag is wrong"), std::string::npos);
  EXPECT_NE(arrival<Msg>(encode_datagram(weft::NodeId(1), pong), 2, &key).refused.find("not authenticated"), std::string::npos);
  std::string changed = tagged;
  changed[weft::runtime::wire_header + 4] ^= 1;  // the Pong's seq, after the tag was made
  EXPECT_NE(arrival<Msg>(changed, 2, &key).refused.find("authentication tag is wrong"), std::string::npos);
  std::string sender = tagged;
  sender[6] = 0;  // another sender named in the header
  EXPECT_FALSE(arrival<Msg>(sender, 2, &key).message);
}

}  // namespace
