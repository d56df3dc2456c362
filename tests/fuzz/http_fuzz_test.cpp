// The explorer's HTTP handling held to hostile requests for a bounded time: damaged copies of real ones
// (bytes flipped, cut, repeated; targets with random paths and parameters; bodies of garbage). Every one
// must get an HTTP answer with a status the server gives (200, 400, 404, 405, 413, 500), never a crash
// (the suite runs this under AddressSanitizer and UBSan too). WEFT_FUZZ_SECONDS sets its time (default 4).
#include <ping_pong/ping_pong.hpp>

#include <weft/cli/run_explore.hpp>
#include <weft/rng.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

namespace {

TEST(Fuzz, ExplorerRequests) {
  auto const model = ping_pong::protocol.make({});
  weft::cli::Subject<ping_pong::World> const subject{model, "ping_pong", {}, {}, {}};
  weft::cli::Explorer<ping_pong::World> const explorer(subject);
  weft::cli::HttpHandler const handler = [&](weft::cli::HttpRequest const& r) { return explorer.handle(r); };
  std::vector<std::string> const seeds{
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/state?path=0.0.1 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/diagram?path=0.1 HTTP/1.1\r\n\r\n",
      "GET /api/check?path=0&depth=3&states=50 HTTP/1.1\r\n\r\n",
      "POST /api/trace HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"a\": [1]}\n",
      "GET /api/state?path=%30.%31 HTTP/1.0\r\n\r\n",
  };
  char const* alphabet = "0123456789.%&=?/ \r\n:abcxyz+-\"{}[]";
  double const seconds = std::getenv("WEFT_FUZZ_SECONDS") ? std::atof(std::getenv("WEFT_FUZZ_SECONDS")) : 4.0;
  auto const until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  weft::Rng rng = weft::Rng::from_seed(7, 0);
  std::size_t tried = 0, answered_200 = 0;
  while (std::chrono::steady_clock::now() < until || tried < 200) {
    std::string r = seeds[rng.below(seeds.size())];
    for (std::size_t edits = 1 + rng.below(4); edits > 0; --edits) {
      std::size_t const at = rng.below(r.size() + 1);
      switch (rng.below(5)) {
        case 0: if (at < r.size()) r[at] = static_cast<char>(rng.below(256)); break;
        case 1: r.insert(at, 1, alphabet[rng.below(34)]); break;
        case 2: r.resize(at); break;
        case 3: r.insert(at, r.substr(at, rng.below(16))); break;
        default: r.insert(at, "." + std::to_string(rng.below(1000)));
      }
    }
    std::string const answer = weft::cli::answer_bytes(r, handler);
    ASSERT_TRUE(answer.starts_with("HTTP/1.")) << r;
    int const status = std::atoi(answer.substr(9, 3).c_str());
    EXPECT_TRUE(status == 200 || status == 400 || status == 404 || status == 405 || status == 413 || status == 500)
        << status << " for " << r;
    answered_200 += status == 200;
    ++tried;
  }
  EXPECT_GT(answered_200, 0u) << "some damaged requests still make sense";
  std::printf("%zu requests answered, %zu of them 200\n", tried, answered_200);
}

}  // namespace
