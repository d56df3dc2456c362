// Datagrams: a message survives the wire; anything else (short, foreign, another version, another
// cluster, truncated, corrupt, hostile sizes) is refused with a reason and never crashes; a process that
// asks for it receives an undecodable payload as a Malformed value.
#include <weft/runtime/datagram.hpp>

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
      {with_header(9, 0, payload, payload.size()), "wire format 9, this build speaks 1"},
      {with_header(1, 7, payload, payload.size()), "from node 7, not of this cluster"},
      {with_header(1, 0, payload, payload.size() + 1), "truncated or padded"},
      {good.substr(0, good.size() - 1), "truncated or padded"},
      {with_header(1, 0, "\x05", 1), "malformed message"},
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
    for (int i = 0; i < 4; ++i) payload += static_cast<char>(i == 0 ? alternative : 0);  // portable binary index
    payload.resize(payload.size() + 8);
    payload[payload.size() - 3] = 1;  // 2^40 elements
    auto const a = arrival<Wide>(with_header(1, 0, payload, payload.size()), 1);
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
  auto const a = arrival<Parsing>(with_header(1, 1, std::string("\x00\x00", 2), 2), 2);
  ASSERT_TRUE(a.message) << a.refused;
  auto const* m = std::get_if<weft::Malformed>(&a.message->msg);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->bytes, std::string("\x00\x00", 2));
  EXPECT_NE(m->reason.find("malformed message"), std::string::npos);
  EXPECT_FALSE(arrival<Parsing>("WEFTgarbage!!!!", 2).message) << "a bad header is still dropped";
}

}  // namespace
