// Every loader of untrusted input, held to hostile copies of real inputs for a bounded time: traces (JSON
// and binary), snapshots, checkpoints, live logs and datagrams. Copies are damaged bytes (flipped, cut,
// repeated) and, for the documents, type-valid semantic edits of their states re-fingerprinted so that
// only validation can catch them. Each copy must be refused with a weft::Error or accepted and handled;
// nothing may crash (the suite runs this under AddressSanitizer and UBSan too), throw anything else, or
// allocate more than a bound. WEFT_FUZZ_SECONDS sets each loader's time (default 4).
#include <ping_pong/ping_pong.hpp>

#include <weft/checker/check.hpp>
#include <weft/cli/run_fuzz.hpp>
#include <weft/replay.hpp>
#include <weft/runtime/datagram.hpp>
#include <weft/runtime/key.hpp>
#include <weft/runtime/log_replay.hpp>
#include <weft/runtime/recovery.hpp>
#include <weft/testing/mutate.hpp>
#include <weft/validate.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <new>

// The largest single allocation made while a loader runs: corrupt sizes must not become huge requests.
namespace {
std::atomic<std::size_t> largest{0};
std::atomic<bool> watching{false};
}  // namespace
void* operator new(std::size_t n) {
  if (watching.load(std::memory_order_relaxed) && n > largest.load(std::memory_order_relaxed)) largest = n;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The replacement pair: once inlined, GCC sees free() on memory from `new` and warns, but that is the pair.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

namespace fs = std::filesystem;
using W = ping_pong::World;
using weft::Rng;

constexpr std::size_t allocation_bound = std::size_t{64} << 20;  // inputs here are kilobytes

double budget() {
  char const* s = std::getenv("WEFT_FUZZ_SECONDS");
  return s ? std::atof(s) : 4.0;
}

struct Tally {
  std::size_t refused = 0, accepted = 0;
};

// Feeds `make()`'s copies to `load` until the budget is spent; fails on anything but success or weft::Error.
template <class Make, class Load>
Tally fuzz(char const* what, Make&& make, Load&& load) {
  Tally t;
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(budget());
  while (std::chrono::steady_clock::now() < deadline) {
    auto input = make();
    largest = 0;
    watching = true;
    try {
      load(input);
      ++t.accepted;
    } catch (weft::Error const&) {
      ++t.refused;
    } catch (std::exception const& e) {
      watching = false;
      ADD_FAILURE() << what << ": not a weft::Error: " << e.what();
      return t;
    }
    watching = false;
    if (largest > allocation_bound) {
      ADD_FAILURE() << what << ": one allocation of " << largest << " bytes";
      return t;
    }
  }
  std::printf("%s: %zu hostile inputs, %zu refused with one error, %zu accepted and handled\n", what,
              t.refused + t.accepted, t.refused, t.accepted);
  EXPECT_GT(t.refused, 0u) << what << ": nothing was refused: the copies were not hostile";
  return t;
}

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("weft-fuzz-test-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  fs::path operator/(std::string const& name) const { return dir / name; }
};

auto const world = ping_pong::protocol({.requests = 2, .accept_stale_pong = true, .world = {.faults = {.duplicates = 1}}});

weft::Trace<W> seed_trace() {
  auto const r = weft::checker::check(world.model);
  auto const& path = *r.properties.front().path;
  return weft::record_trace(world.model, path.states[0], path.events,
                            weft::trace_header("ping_pong", world.config, "answers match questions", weft::expect::violates));
}

weft::cli::Subject<W> subject() {
  return {world.model, "ping_pong", world.config, world.defaults, [](auto const&) { return world.model; }};
}

TEST(Fuzz, TraceFiles) {
  Scratch scratch;
  auto const original = seed_trace();
  weft::cli::Subject<W> const s = subject();
  for (auto format : {weft::Format::json, weft::Format::binary}) {
    fs::path const seed = scratch / (format == weft::Format::json ? "seed.json" : "seed.bin");
    weft::save_trace(seed, original, format);
    std::string const bytes = weft::read_file(seed);
    Rng rng = Rng::from_seed(format == weft::Format::json ? 1 : 2);
    fs::path const copy = scratch / (format == weft::Format::json ? "copy.json" : "copy.bin");
    fuzz(format == weft::Format::json ? "trace (JSON)" : "trace (binary)",
         [&] {
           if (rng.chance(0.5)) weft::save_trace(copy, weft::cli::detail::edited(world.model, original, rng), format);
           else weft::write_file_atomic(copy, weft::cli::detail::damage(bytes, rng));
           return copy;
         },
         [&](fs::path const& file) { weft::cli::detail::exercise(s, file.string(), original); });
  }
}

TEST(Fuzz, SnapshotFiles) {
  Scratch scratch;
  auto const t = seed_trace();
  auto const original = weft::make_snapshot<W>("ping_pong", world.config, "seed", weft::run_of(world.model, t).states.at(3));
  fs::path const seed = scratch / "seed.json";
  weft::save_snapshot(seed, original);
  std::string const bytes = weft::read_file(seed);
  weft::cli::Subject<W> const s = subject();
  Rng rng = Rng::from_seed(3);
  fuzz("snapshot", [&] {
        fs::path const copy = scratch / (rng.chance(0.5) ? "copy.json" : "copy.bin");
        if (rng.chance(0.5)) weft::save_snapshot(copy, weft::cli::detail::edited(world.model, original, rng));
        else weft::write_file_atomic(copy, weft::cli::detail::damage(bytes, rng));
        return copy;
      },
      [&](fs::path const& file) { weft::cli::detail::exercise(s, file.string(), original); });
}

TEST(Fuzz, Checkpoints) {
  Scratch scratch;
  auto const big = ping_pong::protocol({.requests = 3, .world = {.faults = {.drops = 1, .duplicates = 1}}});
  weft::checker::Checkpointing save;
  save.path = (scratch / "seed.ckpt").string();
  save.every = std::chrono::milliseconds(0);
  save.header = {"", 0, "ping_pong", big.config, "", 0, 1};
  weft::checker::check(big.model, {.max_depth = 8}, {}, save);
  std::string const bytes = weft::read_file(save.path);
  Rng rng = Rng::from_seed(4);
  fuzz("checkpoint", [&] {
        weft::write_file_atomic(scratch / "copy.ckpt", weft::cli::detail::damage(bytes, rng));
        return scratch / "copy.ckpt";
      },
      [&](fs::path const& file) {
        weft::checker::Checkpointing resume;
        resume.resume_from = file.string();
        weft::checker::check(big.model, {.max_depth = 9}, {}, resume);
      });
}

TEST(Fuzz, LiveLogs) {
  Scratch scratch;
  W const& w = world.model;
  fs::path const seed = scratch / "seed.log";
  {
    weft::runtime::LogWriter log(seed.string(), {"weft-log", weft::runtime::log_version, "ping_pong", world.config, 0, 2});
    W::Node node = w.fresh_node(0, Rng::from_seed(7, 0));
    log.append(weft::runtime::LogRecord<W>(weft::runtime::LogSnapshot<W>{1, node}));
    std::vector<W::Local> const events{weft::Started{}, weft::Entered<W::In>{W::In(std::in_place_index<0>, ping_pong::Ask{5})},
                                       weft::Received<ping_pong::Msg>{1, ping_pong::Msg(ping_pong::Pong{0, 5})}};
    for (auto const& e : events) {
      log.append(weft::runtime::LogRecord<W>(weft::runtime::LogInput<W>{2, e}));
      w.run_local(node, 0, e, [&](W::WorldEffect&& fx) { log.append(weft::runtime::LogRecord<W>(weft::runtime::LogOutput<W>{3, fx})); });
      log.append(weft::runtime::LogRecord<W>(weft::runtime::LogSnapshot<W>{4, node}));
    }
  }
  std::string const bytes = weft::read_file(seed);
  Rng rng = Rng::from_seed(5);
  fuzz("live log", [&] {
        weft::write_file_atomic(scratch / "copy.log", weft::cli::detail::damage(bytes, rng));
        return scratch / "copy.log";
      },
      [&](fs::path const& file) {
        auto const log = weft::runtime::load_checked_log(w, file.string());
        (void)weft::runtime::replay_log(w, log);
        (void)weft::runtime::recover(w, file.string(), 0);
      });
}

TEST(Fuzz, Datagrams) {
  auto const key = weft::runtime::make_key();
  std::vector<std::string> seeds{weft::runtime::encode_datagram(0, ping_pong::Msg(ping_pong::Ping{3, 9})),
                                 weft::runtime::encode_datagram(1, ping_pong::Msg(ping_pong::Pong{3, 9}), &key)};
  Rng rng = Rng::from_seed(6);
  fuzz("datagram", [&] { return weft::cli::detail::damage(seeds[rng.below(2)], rng); },
      [&](std::string const& bytes) {
        std::string refused;
        for (auto const* k : {static_cast<weft::runtime::ClusterKey const*>(nullptr), &key}) {
          auto const a = weft::runtime::arrival<ping_pong::Msg>(bytes, 2, k);
          if (a.message.has_value() == !a.refused.empty()) throw std::logic_error("a datagram both accepted and refused");
          if (a.message) return;  // accepted by the cluster without a key, or the one with it
          refused = a.refused;
        }
        throw weft::Error(refused);
      });
}

}  // namespace
