// The HTTP layer of weft's local pages on Boost.Beast: one thread per connection, bounded requests, every
// error an HTTP answer (http.hpp).
#include <weft/cli/http.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdio>
#include <sstream>
#include <thread>

namespace weft::cli {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr std::size_t max_body = 8u << 20;      // a trace file uploaded to the explorer
constexpr std::size_t max_header = 16u << 10;
constexpr unsigned max_connections = 32;        // more at once are answered 503

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      int const hi = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1, lo = hi >= 0 ? hex_digit(text[i + 2]) : -1;
      if (lo < 0) throw HttpError(400, "a malformed %-escape in the request target");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

using Response = http::response<http::string_body>;

Response respond(http::request<http::string_body> const& req, HttpHandler const& handler) {
  HttpResponse answer;
  try {
    if (req.method() != http::verb::get && req.method() != http::verb::post) throw HttpError(405, "only GET and POST");
    HttpRequest r;
    r.method = std::string(req.method_string());
    parse_target(std::string_view(req.target().data(), req.target().size()), r);
    r.body = req.body();
    answer = handler(r);
  } catch (HttpError const& e) {
    answer = {e.status, "text/plain; charset=utf-8", std::string(e.what()) + "\n"};
  } catch (std::exception const& e) {
    answer = {500, "text/plain; charset=utf-8", std::string(e.what()) + "\n"};
  }
  Response res{static_cast<http::status>(answer.status), req.version()};
  res.set(http::field::server, "weft");
  res.set(http::field::content_type, answer.type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(false);  // one request a connection: a kept-alive browser connection holds no thread
  res.body() = std::move(answer.body);
  res.prepare_payload();
  return res;
}

Response refusal(http::status status, std::string text) {
  Response res{status, 11};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.keep_alive(false);
  res.body() = std::move(text) + "\n";
  res.prepare_payload();
  return res;
}

void serve_connection(tcp::socket socket, HttpHandler const& handler) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(max_body);
  parser.header_limit(max_header);
  http::read(socket, buffer, parser, ec);
  if (ec == http::error::end_of_stream) return;
  Response const res = ec ? refusal(http::status::bad_request, "bad request: " + ec.message()) : respond(parser.get(), handler);
  http::write(socket, res, ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace

void parse_target(std::string_view target, HttpRequest& out) {
  if (target.empty() || target.front() != '/') throw HttpError(400, "a request target starts with '/'");
  auto const question = target.find('?');
  out.path = decoded(target.substr(0, question));
  if (question == std::string_view::npos) return;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    auto const amp = rest.find('&');
    std::string_view const pair = rest.substr(0, amp);
    auto const eq = pair.find('=');
    if (!pair.empty()) out.query[decoded(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : decoded(pair.substr(eq + 1));
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
  }
}

std::string answer_bytes(std::string_view raw, HttpHandler const& handler) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(max_body);
  parser.header_limit(max_header);
  parser.eager(true);
  beast::error_code ec;
  std::size_t used = 0;
  while (!ec && used < raw.size() && !parser.is_done()) {
    std::size_t const n = parser.put(boost::asio::buffer(raw.data() + used, raw.size() - used), ec);
    if (n == 0 && !ec) break;  // needs more than there is
    used += n;
  }
  if (!ec && !parser.is_done() && parser.got_some()) parser.put_eof(ec);  // put_eof on nothing at all is a misuse
  std::ostringstream out;
  if (ec || !parser.is_done()) out << refusal(http::status::bad_request, "bad request: " + (ec ? ec.message() : "incomplete"));
  else out << respond(parser.get(), handler);
  return out.str();
}

void serve(std::string const& host, unsigned short port, HttpHandler handler, std::function<void(unsigned short)> ready) {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io);
  try {
    tcp::endpoint const at{boost::asio::ip::make_address(host), port};
    acceptor.open(at.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(at);
    acceptor.listen();
  } catch (std::exception const& e) {
    throw Error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.what());
  }
  ready(acceptor.local_endpoint().port());
  auto live = std::make_shared<std::atomic<unsigned>>(0);
  for (;;) {
    tcp::socket socket(io);
    beast::error_code ec;
    acceptor.accept(socket, ec);
    if (ec) continue;
    if (live->load() >= max_connections) {
      http::write(socket, refusal(http::status::service_unavailable, "too many connections"), ec);
      continue;
    }
    ++*live;
    std::thread([socket = std::move(socket), &handler, live]() mutable {
      try {
        serve_connection(std::move(socket), handler);
      } catch (...) {  // a connection's failure is its own: the server goes on
      }
      --*live;
    }).detach();
  }
}

}  // namespace weft::cli
