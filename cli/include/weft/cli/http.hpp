// A small HTTP/1.1 server for local pages (the explorer): requests and responses as plain data, a handler
// that maps one to the other, and the socket work (Boost.Beast) in one translation unit, so that a
// protocol's entry compiles none of it. Every request gets an answer: a handler's HttpError becomes its
// status, any other error a 500, and a request that does not parse (or is too large) a 400 — never a crash.
//
//   weft::cli::serve("127.0.0.1", 0, [](weft::cli::HttpRequest const& r) {
//     return weft::cli::HttpResponse{200, "text/plain", "you asked for " + r.path};
//   }, [](unsigned short port) { std::printf("listening on %u\n", port); });
#pragma once

#include <weft/error.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace weft::cli {

/// A request, its target split and percent-decoded: `/api/state?path=0.1` is path "/api/state" and
/// query {"path": "0.1"}.
struct HttpRequest {
  std::string method;                        ///< GET, POST, ...
  std::string path;                          ///< the target up to '?'
  std::map<std::string, std::string> query;  ///< the query's parameters (the last of a repeated name)
  std::string body;                          ///< POST: the request body
};

/// A response.
struct HttpResponse {
  int status = 200;                           ///< 200, 400, 404, ...
  std::string type = "application/json";      ///< the Content-Type
  std::string body;                           ///< the payload
};

/// A handler's refusal with an HTTP status: `throw HttpError(404, "no such page")`.
struct HttpError : Error {
  int status;  ///< the status it answers with
  HttpError(int status, std::string const& message) : Error(message), status(status) {}
};

/// What a server does with each request.
using HttpHandler = std::function<HttpResponse(HttpRequest const&)>;

/// Splits and decodes a request target; throws HttpError(400) on a malformed one.
void parse_target(std::string_view target, HttpRequest& out);

/// The answer to one request given as raw bytes (what the socket would have read), as raw bytes: the
/// whole HTTP layer without a socket, for tests and fuzzing.
std::string answer_bytes(std::string_view raw, HttpHandler const& handler);

/// Serves `handler` on `host`:`port` (0: a free port) until the process ends; `ready` is told the port
/// once it listens. Each connection has a thread of its own; the handler must be safe to call from
/// several. Throws weft::Error when it cannot listen.
void serve(std::string const& host, unsigned short port, HttpHandler handler, std::function<void(unsigned short)> ready);

}  // namespace weft::cli
