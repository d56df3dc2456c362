// One node of a world run for real: UDP sockets (Boost.Asio) for messages, a steady clock for timers,
// user inputs as JSON lines on stdin or a local socket, outputs as JSON lines on stdout. The process code
// is the very code the checker explores. Everything in and out goes to the node's log; when the log
// already exists the node recovers its record from it and restarts (a crash, as the world models one).
#pragma once

#include <weft/runtime/datagram.hpp>
#include <weft/runtime/log.hpp>
#include <weft/runtime/recovery.hpp>
#include <weft/json_check.hpp>
#include <weft/local_events.hpp>
#include <weft/timers.hpp>

#include <boost/asio.hpp>

#include <sodium.h>

#include <array>
#include <chrono>
#include <optional>
#include <sstream>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace weft::runtime {

/// How a live node runs.
struct LiveOptions {
  NodeId id;                                                ///< which node this process is
  std::vector<boost::asio::ip::udp::endpoint> peers;        ///< every node's address, by id
  std::string log_path;                                     ///< the node's log
  std::string input;                                        ///< "-": stdin; a path: a local socket; "": none
  LogHeader header;                                         ///< what the log says it is of
  std::chrono::milliseconds snapshot_every = std::chrono::seconds(5);  ///< a snapshot at least this often
  std::optional<ClusterKey> key;                            ///< the cluster key (none: unauthenticated)
};

/// Node `id` of world W, run on real sockets and clocks.
template <class W>
class LiveNode {
 public:
  using Node = typename W::Node;
  using Timer = typename W::Timer;
  using Msg = typename W::Msg;

  LiveNode(W const& world, LiveOptions options)
      : world_(world), o_(std::move(options)), socket_(io_), timer_(io_), signals_(io_, SIGINT, SIGTERM) {
    if (o_.peers.size() != world_.node_count())
      throw Error("the peers file lists " + std::to_string(o_.peers.size()) + " nodes, the protocol's configuration " +
                  std::to_string(world_.node_count()));
    if (o_.id >= o_.peers.size()) throw Error("node " + std::to_string(o_.id.value) + " is not in the peers file");
  }

  /// Runs until SIGINT or SIGTERM; returns the exit code.
  int run() {
    socket_.open(o_.peers[o_.id].protocol());
    socket_.set_option(boost::asio::socket_base::reuse_address(true));
    socket_.bind(o_.peers[o_.id]);
    if (!o_.key)
      std::fprintf(stderr, "weft run: node %u has no cluster key: it accepts unauthenticated datagrams from anyone who "
                           "can reach its port (`weft keygen FILE`, then `key FILE` in the peers file)\n", o_.id.value);
    start();
    receive();
    listen_for_input();
    signals_.async_wait([this](auto, int) { stop(); });
    io_.run();
    return 0;
  }

  /// Datagrams dropped so far.
  std::size_t dropped() const { return dropped_; }

 private:
  using Clock = std::chrono::steady_clock;
  static std::uint64_t wall_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count());
  }

  // A fresh node gets an RNG key from the operating system's entropy, recorded in its first snapshot;
  // a node with a log recovers its record from it and restarts.
  void start() {
    bool const existed = std::filesystem::exists(o_.log_path) && std::filesystem::file_size(o_.log_path) > 0;
    typename W::Local first = Started{};
    if (existed) {
      auto recovered = recover<W>(world_, o_.log_path, o_.id);
      node_ = std::move(recovered.node);
      log_ = std::make_unique<LogWriter>(o_.log_path, o_.header);
      if (!recovered.note.empty()) std::fprintf(stderr, "weft run: %s\n", recovered.note.c_str());
      first = Restarted{};
    } else {
      Rng rng{};
      if (sodium_init() < 0) throw Error("libsodium failed to initialise");
      randombytes_buf(rng.key.data(), rng.key.size());
      node_ = world_.fresh_node(o_.id, rng);
      log_ = std::make_unique<LogWriter>(o_.log_path, o_.header);
    }
    snapshot();
    handle(first);
  }

  void handle(typename W::Local const& event) {
    log_->append(LogRecord<W>(LogInput<W>{wall_ms(), event}));
    world_.run_local(node_, o_.id, event, [&](typename W::WorldEffect&& e) { act(std::move(e)); });
    ++inputs_;
    if (Clock::now() - last_snapshot_ >= o_.snapshot_every) snapshot();
    rearm();
  }

  void snapshot() {
    log_->append(LogRecord<W>(LogSnapshot<W>{wall_ms(), node_}));
    last_snapshot_ = Clock::now();
  }

  // Carries out one effect: to the log first, then to the world outside.
  void act(typename W::WorldEffect&& effect) {
    log_->append(LogRecord<W>(LogOutput<W>{wall_ms(), effect}));
    apply_timer_effect(deadlines_, effect, [](Ticks delay) { return Clock::now() + std::chrono::milliseconds(delay); });
    std::visit([&](auto const& e) {
      using E = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<E, Send<Msg>>) send(e.to, e.msg);
      else if constexpr (std::is_same_v<E, SetTimer<Timer>> || std::is_same_v<E, CancelTimer<Timer>>) return;
      else if constexpr (std::is_same_v<E, Log>) std::fprintf(stderr, "n%u: %s\n", o_.id.value, e.text.c_str());
      else print_output(e.value);
    }, effect);
  }

  void send(NodeId to, Msg const& msg) {
    std::string const datagram = encode_datagram(o_.id, msg, o_.key ? &*o_.key : nullptr);
    if (datagram.size() > max_datagram) {
      std::fprintf(stderr, "weft run: a message of %zu bytes is too large for a datagram: not sent\n", datagram.size());
      return;
    }
    if (to == o_.id) {  // to itself: through the event loop, like any other message
      boost::asio::post(io_, [this, msg] { handle(Received<Msg>{o_.id, msg}); });
      return;
    }
    boost::system::error_code ignored;  // a peer that is down is the network losing the message
    socket_.send_to(boost::asio::buffer(datagram), o_.peers.at(to), 0, ignored);
  }

  void print_output(typename W::Out const& value) {
    std::ostringstream text;
    {
      cereal::JSONOutputArchive ar(text, cereal::JSONOutputArchive::Options::NoIndent());
      ar(cereal::make_nvp("node", o_.id.value), cereal::make_nvp("output", value));
    }
    std::string line = text.str();
    std::erase(line, '\n');  // JSON strings never hold a raw newline: one output, one line
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  // --- Timers: deadlines on the steady clock (timers.hpp), the earliest one armed ----------------------

  void rearm() {
    if (deadlines_.empty()) return;
    auto earliest = std::min_element(deadlines_.begin(), deadlines_.end(),
                                     [](auto const& a, auto const& b) { return a.due < b.due; });
    timer_.expires_at(earliest->due);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) fire_due();
    });
  }
  void fire_due() {
    auto const now = Clock::now();
    for (;;) {
      auto due = std::min_element(deadlines_.begin(), deadlines_.end(),
                                  [](auto const& a, auto const& b) { return a.due < b.due; });
      if (due == deadlines_.end() || due->due > now) break;
      Timer tag = due->timer;
      deadlines_.erase(due);
      handle(Fired<Timer>{tag});
    }
    rearm();
  }

  // --- Messages -------------------------------------------------------------------------------------

  void receive() {
    socket_.async_receive_from(boost::asio::buffer(buffer_), sender_, [this](boost::system::error_code ec, std::size_t n) {
      if (ec == boost::asio::error::operation_aborted) return;
      if (!ec) on_datagram(std::string_view(buffer_.data(), n));  // errors (a peer's port closed) are not fatal
      receive();
    });
  }

  void on_datagram(std::string_view bytes) {
    Arrival<Msg> a = arrival<Msg>(bytes, o_.peers.size(), o_.key ? &*o_.key : nullptr);
    if (a.message && sender_ != o_.peers[a.message->from]) {  // a node id is bound to the peer's address
      std::ostringstream claimed;
      claimed << "it claims to be node " << a.message->from.value << " (" << o_.peers[a.message->from] << ") but comes from " << sender_;
      a = {std::nullopt, claimed.str()};
    }
    if (a.message) return handle(std::move(*a.message));
    ++dropped_;
    log_->append(LogRecord<W>(LogDropped{wall_ms(), a.refused, bytes.size()}));
    std::fprintf(stderr, "weft run: node %u dropped a datagram of %zu bytes from %s: %s (%zu dropped so far)\n",
                 o_.id.value, bytes.size(), sender_.address().to_string().c_str(), a.refused.c_str(), dropped_);
  }

  // --- User inputs: JSON lines of the node's role's Input type ------------------------------------

  void listen_for_input() {
    if (o_.input.empty()) return;
    if (o_.input == "-") {
      stdin_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, ::dup(STDIN_FILENO));
      read_lines(*stdin_, std::make_shared<boost::asio::streambuf>());
      return;
    }
    std::filesystem::remove(o_.input);
    acceptor_ = std::make_unique<boost::asio::local::stream_protocol::acceptor>(
        io_, boost::asio::local::stream_protocol::endpoint(o_.input));
    accept();
  }
  void accept() {
    acceptor_->async_accept([this](boost::system::error_code ec, boost::asio::local::stream_protocol::socket peer) {
      if (ec) return;
      auto connection = std::make_shared<boost::asio::local::stream_protocol::socket>(std::move(peer));
      read_lines(*connection, std::make_shared<boost::asio::streambuf>(), connection);
      accept();
    });
  }
  template <class Stream>
  void read_lines(Stream& stream, std::shared_ptr<boost::asio::streambuf> buffer, std::shared_ptr<void> keep = {}) {
    boost::asio::async_read_until(stream, *buffer, '\n', [this, &stream, buffer, keep](boost::system::error_code ec, std::size_t) {
      if (ec) return;  // end of input: the node keeps running
      std::istream in(buffer.get());
      std::string line;
      std::getline(in, line);
      if (!line.empty()) on_input_line(line);
      read_lines(stream, buffer, keep);
    });
  }
  void on_input_line(std::string const& line) {
    try {
      handle(Entered<typename W::In>{parse_input(line)});
    } catch (std::exception const& e) {
      std::fprintf(stderr, "weft run: node %u ignored the input `%s`: %s\n", o_.id.value, line.c_str(), e.what());
    }
  }
  typename W::In parse_input(std::string const& line) const {
    using In = typename W::In;
    std::optional<In> value;
    std::size_t const role = world_.role_of(o_.id);
    [&]<std::size_t... R>(std::index_sequence<R...>) {
      (void)((role == R ? (value = input_of<R>(line), true) : false) || ...);
    }(std::make_index_sequence<std::variant_size_v<In>>{});
    return *value;
  }
  template <std::size_t R>
  typename W::In input_of(std::string const& line) const {
    using I = std::variant_alternative_t<R, typename W::In>;
    if constexpr (std::is_same_v<I, std::monostate>) throw Error("this node's role takes no inputs");
    else return typename W::In(std::in_place_index<R>, from_json<I>("{\"value\": " + line + "}"));
  }

  void stop() {
    snapshot();
    log_->sync();
    std::fprintf(stderr, "weft run: node %u stopped after %zu inputs; %zu datagrams dropped\n", o_.id.value, inputs_, dropped_);
    io_.stop();
  }

  W const& world_;
  LiveOptions o_;
  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::asio::signal_set signals_;
  std::unique_ptr<LogWriter> log_;
  Node node_{};
  std::size_t dropped_ = 0, inputs_ = 0;
  Clock::time_point last_snapshot_ = Clock::now();
  std::vector<Pending<Timer, Clock::time_point>> deadlines_;  // the node's pending timers, when each is due
  std::array<char, 65536> buffer_{};
  boost::asio::ip::udp::endpoint sender_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> stdin_;
  std::unique_ptr<boost::asio::local::stream_protocol::acceptor> acceptor_;
};

}  // namespace weft::runtime
