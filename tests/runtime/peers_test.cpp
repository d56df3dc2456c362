// The peers file: ids to UDP endpoints, and a clear error naming the file and line for anything else.
#include <weft/runtime/peers.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

std::string write(std::string const& text) {
  static int n = 0;
  auto const path = std::filesystem::temp_directory_path() / ("weft_peers_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
  weft::write_file_atomic(path, text);
  return path.string();
}

std::string error_of(std::string const& text) {
  try {
    weft::runtime::load_peers(write(text));
  } catch (weft::Error const& e) {
    return e.what();
  }
  return "";
}

TEST(Peers, ReadsIdsInAnyOrderWithComments) {
  auto const peers = weft::runtime::load_peers(write("# node host:port\n1 127.0.0.1:7001\n\n0 ::1:7000  # v6\n"));
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0].port(), 7000);
  EXPECT_TRUE(peers[0].address().is_v6());
  EXPECT_EQ(peers[1].address().to_string(), "127.0.0.1");
}

TEST(Peers, NamesTheLineOfEachMistake) {
  EXPECT_NE(error_of("0 127.0.0.1:7000\n0 127.0.0.1:7001\n").find(":2: node 0 is listed twice"), std::string::npos);
  EXPECT_NE(error_of("0 127.0.0.1:7000\n2 127.0.0.1:7001\n").find("node 1 is missing"), std::string::npos);
  EXPECT_NE(error_of("0 localhost:7000\n").find(":1: bad host 'localhost'"), std::string::npos);
  EXPECT_NE(error_of("0 127.0.0.1:99999\n").find("bad port '99999'"), std::string::npos);
  EXPECT_NE(error_of("x 127.0.0.1:1\n").find("bad node id 'x'"), std::string::npos);
  EXPECT_NE(error_of("0\n").find("expected `ID HOST:PORT`"), std::string::npos);
  EXPECT_NE(error_of("# nothing\n").find("no nodes listed"), std::string::npos);
}

}  // namespace
