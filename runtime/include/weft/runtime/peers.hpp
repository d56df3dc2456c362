// The peers file: which host and UDP port each node of a live cluster listens on, one node a line:
//   # node  host:port
//   0       127.0.0.1:7000
// Node ids must be 0, 1, 2... in any order, each once.
#pragma once

#include <weft/error.hpp>
#include <weft/file.hpp>

#include <boost/asio/ip/udp.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace weft::runtime {

/// The address of every node, by id.
inline std::vector<boost::asio::ip::udp::endpoint> load_peers(std::string const& path) {
  std::istringstream in(read_file(path));
  std::map<std::uint32_t, boost::asio::ip::udp::endpoint> by_id;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string id_text, address;
    if (!(fields >> id_text)) continue;
    std::string const where = path + ":" + std::to_string(number) + ": ";
    if (!(fields >> address)) throw Error(where + "expected `ID HOST:PORT`");
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
  std::vector<boost::asio::ip::udp::endpoint> peers;
  for (auto const& [id, endpoint] : by_id) {
    if (id != peers.size()) throw Error(path + ": node " + std::to_string(peers.size()) + " is missing");
    peers.push_back(endpoint);
  }
  if (peers.empty()) throw Error(path + ": no nodes listed");
  return peers;
}

}  // namespace weft::runtime
