// The peers file: ids to UDP endpoints and the cluster key's file, and a clear error naming the file and
// line for anything else; cluster keys written and read back.
#include <weft/runtime/key.hpp>
#include <weft/runtime/peers.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <system_error>
#include <vector>

namespace {

// The files the tests write, removed when the test program ends (each test runs in its own process under
// ctest, so the names carry the process id).
struct Written {
  std::vector<std::filesystem::path> paths;
  ~Written() {
    std::error_code ignored;
    for (auto const& p : paths) std::filesystem::remove(p, ignored);
  }
};

std::string write(std::string const& text) {
  static Written written;
  auto const path = std::filesystem::temp_directory_path() /
                    ("weft_peers_test_" + std::to_string(::getpid()) + "_" + std::to_string(written.paths.size()));
  written.paths.push_back(path);
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
  ASSERT_EQ(peers.nodes.size(), 2u);
  EXPECT_EQ(peers.nodes[0].port(), 7000);
  EXPECT_TRUE(peers.nodes[0].address().is_v6());
  EXPECT_EQ(peers.nodes[1].address().to_string(), "127.0.0.1");
  EXPECT_EQ(peers.key_file, "");
}

TEST(Peers, NamesTheClusterKeyBesideItself) {
  std::string const file = write("key cluster.key\n0 127.0.0.1:7000\n");
  auto const peers = weft::runtime::load_peers(file);
  EXPECT_EQ(peers.key_file, (std::filesystem::path(file).parent_path() / "cluster.key").string());
  EXPECT_NE(error_of("key a\nkey b\n0 127.0.0.1:1\n").find(":2: a second key"), std::string::npos);
}

TEST(ClusterKey, WrittenAndReadBackAndRefusedWhenItIsNotOne) {
  auto const key = weft::runtime::make_key();
  EXPECT_NE(key, weft::runtime::make_key()) << "each key is fresh";
  std::string const file = write("");
  weft::runtime::save_key(file, key);
  EXPECT_EQ(weft::runtime::load_key(file), key);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::others_read, std::filesystem::perms::none);
  EXPECT_THROW(weft::runtime::load_key(write("0123")), weft::Error);
  EXPECT_THROW(weft::runtime::load_key(write(std::string(64, 'g'))), weft::Error);
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
