// The peers file: which host and UDP port each node of a live cluster listens on, one node a line, and
// the cluster's key file when it has one (a path relative to the peers file):
//   # node  host:port
//   key     cluster.key
//   0       127.0.0.1:7000
// Node ids must be 0, 1, 2... in any order, each once.
#pragma once

#include <weft/error.hpp>
#include <weft/file.hpp>

#include <boost/asio/ip/udp.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace weft::runtime {

/// What a peers file says.
struct Peers {
  std::vector<boost::asio::ip::udp::endpoint> nodes;  ///< every node's address, by id
  std::string key_file;                                ///< the cluster key's file ("" for none)
};

/// Reads a peers file; throws weft::Error naming the file and line of what is wrong.
inline Peers load_peers(std::string const& path) {
  std::istringstream in(read_file(path, 1 << 20));
  std::map<std::uint32_t, boost::asio::ip::udp::endpoint> by_id;
  Peers peers;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string id_text, address;
    if (!(fields >> id_text)) continue;
    std::string const where = path + ":" + std::to_string(number) + ": ";
    if (!(fields >> address)) throw Error(where + "expected `ID HOST:PORT` or `key FILE`");
    if (id_text == "key") {
      if (!peers.key_file.empty()) throw Error(where + "a second key");
      std::filesystem::path key = address;
      peers.key_file = (key.is_absolute() ? key : std::filesystem::path(path).parent_path() / key).string();
      continue;
    }
    std::uint32_t id = 0;
    try {
      std::size_t used = 0;
      id = static_cast<std::uint32_t>(std::stoul(id_text, &used));
      if (used != id_text.size()) throw Error("");
    } catch (...) {
      throw Error(where + "bad node id '" + id_text + "'");
    }
    auto colon = address.rfind(':');
    if (colon == std::string::npos) throw Error(where + "expected HOST:PORT, got '" + address + "'");
    boost::system::error_code ec;
    auto ip = boost::asio::ip::make_address(address.substr(0, colon), ec);
    if (ec) throw Error(where + "bad host '" + address.substr(0, colon) + "' (an IP address)");
    unsigned long port = 0;
    try {
      port = std::stoul(address.substr(colon + 1));
    } catch (...) {
      port = 0;
    }
    if (port == 0 || port > 65535) throw Error(where + "bad port '" + address.substr(colon + 1) + "'");
    if (!by_id.emplace(id, boost::asio::ip::udp::endpoint(ip, static_cast<unsigned short>(port))).second)
      throw Error(where + "node " + id_text + " is listed twice");
  }
  for (auto const& [id, endpoint] : by_id) {
    if (id != peers.nodes.size()) throw Error(path + ": node " + std::to_string(peers.nodes.size()) + " is missing");
    peers.nodes.push_back(endpoint);
  }
  if (peers.nodes.empty()) throw Error(path + ": no nodes listed");
  return peers;
}

}  // namespace weft::runtime
