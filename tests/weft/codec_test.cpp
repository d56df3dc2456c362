// The canonical codec: the fast encoder writes exactly what the cereal-based CanonicalArchive writes,
// decoding inverts encoding (also into a reused object), and malformed bytes give weft::Error, not a crash.
#include "weft/sample_types.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <deque>

namespace {

using sample::Everything;

// A type that knows nothing of Hana: it brings its own cereal function, so the codec falls back to cereal.
struct Custom {
  std::uint16_t a = 0;
  std::vector<std::int8_t> b;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(a, b);
  }
};

struct Mixed {
  BOOST_HANA_DEFINE_STRUCT(Mixed,
    (weft::NodeId, node),
    (std::vector<bool>, bits),
    (std::deque<std::int16_t>, queue),
    (std::optional<std::vector<std::string>>, names),
    (std::vector<weft::NodeId>, peers),
    (std::array<sample::Color, 2>, colors),
    (std::multiset<std::uint8_t>, bag),
    (Custom, custom),
    (std::unordered_map<weft::NodeId, std::string>, labels)
  );
};

template <class T>
std::string via_archive(T const& value) {
  weft::ByteBuffer out;
  weft::CanonicalArchive ar(out);
  ar(value);
  return out.str();
}

template <class T>
T round_trip(T const& value) {
  return weft::decode_bytes<T>(weft::canonical_bytes(value));
}

Mixed mixed() {
  Mixed m{};
  m.node = 3;
  m.bits = {true, false, true};
  m.queue = {-1, 2};
  m.names = std::vector<std::string>{"x", ""};
  m.peers = {0, 2};
  m.colors = {sample::Color::blue, sample::Color::red};
  m.bag = {1, 1, 4};
  m.custom = Custom{9, {1, -2}};
  m.labels = {{1, "one"}, {2, "two"}};
  return m;
}

RC_GTEST_PROP(Codec, FastEncoderWritesWhatTheCerealArchiveWrites, (Everything const& e)) {
  RC_ASSERT(weft::canonical_bytes(e) == via_archive(e));
}

TEST(Codec, FastEncoderAgreesOnEveryKindOfField) {
  Mixed const m = mixed();
  EXPECT_EQ(weft::canonical_bytes(m), via_archive(m));
  EXPECT_EQ(weft::canonical_bytes(sample::Legacy{7, "x"}), via_archive(sample::Legacy{7, "x"}));
}

RC_GTEST_PROP(Codec, DecodingInvertsEncoding, (Everything const& e)) {
  RC_ASSERT(weft::equal(round_trip(e), e));
}

TEST(Codec, DecodingCoversNodeIdsBitsDequesAndCerealFallbacks) {
  Mixed const m = mixed();
  Mixed const back = round_trip(m);
  EXPECT_EQ(weft::canonical_bytes(back), weft::canonical_bytes(m));
  EXPECT_EQ(back.custom.b, (std::vector<std::int8_t>{1, -2}));
  EXPECT_EQ(back.node, weft::NodeId(3));
  EXPECT_EQ(back.labels.at(2), "two");
}

// A worker decodes state after state into one object: what was there before must not leak through.
RC_GTEST_PROP(Codec, DecodingIntoAReusedObjectForgetsItsOldContents, (Everything const& a, Everything const& b)) {
  Everything reused = a;
  std::string const bytes = weft::canonical_bytes(b);
  weft::ByteReader in(bytes);
  weft::decode(in, reused);
  RC_ASSERT(weft::equal(reused, b));
}

TEST(Codec, EveryTruncationIsAClearError) {
  std::string const bytes = weft::canonical_bytes(mixed());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    try {
      weft::decode_bytes<Mixed>(bytes.substr(0, n), "test record");
      ADD_FAILURE() << "a prefix of " << n << " bytes decoded";
    } catch (weft::Error const& e) {
      EXPECT_NE(std::string(e.what()).find("test record"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(weft::decode_bytes<Mixed>(bytes + "x"), weft::Error);
}

// Flipped bytes either decode to some value or throw weft::Error; any other exception (bad_alloc from a
// huge size, say), a crash or a sanitizer report fails the property (it runs under ASan and UBSan too).
RC_GTEST_PROP(Codec, CorruptBytesNeverCrash, (std::vector<std::pair<std::uint16_t, std::uint8_t>> flips)) {
  std::string bytes = weft::canonical_bytes(mixed());
  for (auto [at, value] : flips) bytes[at % bytes.size()] = static_cast<char>(value);
  try {
    weft::decode_bytes<Mixed>(bytes);
  } catch (weft::Error const&) {
  }
}

TEST(Codec, ABoolMustBeZeroOrOne) {
  EXPECT_TRUE(weft::decode_bytes<bool>(std::string("\x01", 1)));
  EXPECT_THROW(weft::decode_bytes<bool>(std::string("\x02", 1)), weft::Error);
}

TEST(Codec, AnUnknownVariantIndexIsAnError) {
  using V = std::variant<std::uint8_t, std::string>;
  std::string bytes = weft::canonical_bytes(V(std::uint8_t{5}));
  bytes[0] = 7;
  EXPECT_THROW(weft::decode_bytes<V>(bytes), weft::Error);
}

}  // namespace
