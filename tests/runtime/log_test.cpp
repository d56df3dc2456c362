// A live node's log: records come back as written; a torn tail is ignored (and cut off on recovery);
// damage in the middle is refused, never cut, and salvaged; a log of another format or of a record the
// world cannot have is refused with one clear error; replay holds the same build to every output and
// names the first input where another build parts from it.
#include <weft/runtime/log_replay.hpp>
#include <weft/runtime/recovery.hpp>

#include <ping_pong/ping_pong.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

using namespace weft::runtime;
using W = ping_pong::World;

struct TempLog {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("weft_log_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++))).string();
  ~TempLog() { std::filesystem::remove(path); }
  static inline int counter = 0;
};

LogHeader header_of(weft::NodeId node) { return {"weft-log", log_version, "ping_pong", {{"requests", "2"}}, node, 2}; }

// Writes node 0's log as the runtime does: a snapshot first, then each input and its outputs.
W::Node write_client_log(W const& w, std::string const& path, std::vector<W::Local> const& events) {
  LogWriter log(path, header_of(weft::NodeId(0)));
  W::Node node = w.fresh_node(weft::NodeId(0), weft::Rng::from_seed(7, 0));
  log.append(LogRecord<W>(LogSnapshot<W>{1, node}));
  std::uint64_t t = 2;
  for (auto const& e : events) {
    log.append(LogRecord<W>(LogInput<W>{t++, e}));
    w.run_local(node, weft::NodeId(0), e, [&](W::WorldEffect&& fx) { log.append(LogRecord<W>(LogOutput<W>{t++, fx})); });
  }
  log.append(LogRecord<W>(LogSnapshot<W>{t, node}));
  return node;
}

std::vector<W::Local> client_events() {
  using ping_pong::Msg;
  return {weft::Started{},
          weft::Entered<W::In>{W::In(std::in_place_index<0>, ping_pong::Ask{5})},
          weft::Received<Msg>{weft::NodeId(1), Msg(ping_pong::Pong{0, 5})},
          weft::Entered<W::In>{W::In(std::in_place_index<0>, ping_pong::Ask{6})},
          weft::Fired<W::Timer>{W::Timer(std::in_place_index<0>, ping_pong::Retry{1})},
          weft::Restarted{}};
}

TEST(Log, RecordsComeBackAsWritten) {
  TempLog f;
  W const w = ping_pong::make_world({});
  W::Node const end = write_client_log(w, f.path, client_events());
  auto const log = load_log<W>(f.path);
  EXPECT_EQ(log.header.protocol, "ping_pong");
  EXPECT_EQ(log.torn_at, 0u);
  EXPECT_EQ(std::count_if(log.records.begin(), log.records.end(), [](auto const& r) { return std::holds_alternative<LogInput<W>>(r); }), 6);
  EXPECT_EQ(weft::canonical_bytes(end_record(w, log)), weft::canonical_bytes(end));
}

TEST(Log, ATornTailAtAnyByteIsIgnoredAndCutOffOnRecovery) {
  TempLog f;
  W const w = ping_pong::make_world({});
  write_client_log(w, f.path, client_events());
  std::string const whole = weft::read_file(f.path);
  auto const full = load_log<W>(f.path);
  // The last record is a snapshot; every cut inside it leaves the records before it.
  std::size_t const last_size = weft::canonical_bytes(full.records.back()).size() + 12;
  for (std::size_t cut = whole.size() - last_size + 1; cut < whole.size(); ++cut) {
    weft::write_file_atomic(f.path, whole.substr(0, cut));
    auto const log = load_log<W>(f.path);
    ASSERT_EQ(log.records.size(), full.records.size() - 1) << "cut at " << cut;
    EXPECT_EQ(log.torn_at, whole.size() - last_size);
  }
  auto const recovered = recover(w, f.path, weft::NodeId(0));
  EXPECT_NE(recovered.note.find("torn record"), std::string::npos);
  EXPECT_EQ(std::filesystem::file_size(f.path), whole.size() - last_size);
  EXPECT_EQ(weft::canonical_bytes(recovered.node), weft::canonical_bytes(end_record(w, full)));
}

// A damaged record with readable records after it is not a torn tail: the log is refused by name and
// offset, recovery cuts nothing, and salvage keeps every readable record on either side of the damage.
TEST(Log, DamageInTheMiddleIsRefusedLeftAsItIsAndSalvaged) {
  TempLog f, copy;
  W const w = ping_pong::make_world({});
  write_client_log(w, f.path, client_events());
  std::string bytes = weft::read_file(f.path);
  auto const full = load_log<W>(f.path);
  bytes[bytes.size() / 2] ^= 0x40;
  weft::write_file_atomic(f.path, bytes);
  try {
    load_log<W>(f.path);
    FAIL() << "damage in the middle was taken for a torn tail";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("damaged: the record at byte"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a torn tail"), std::string::npos) << e.what();
  }
  EXPECT_THROW(recover(w, f.path, weft::NodeId(0)), weft::Error);
  EXPECT_EQ(weft::read_file(f.path), bytes) << "recovery must not shorten a damaged log";
  auto const salvaged = salvage_log(f.path, copy.path);
  ASSERT_EQ(salvaged.skipped.size(), 1u);
  EXPECT_EQ(salvaged.records, full.records.size());  // the header and every record but the damaged one
  auto const kept = load_log<W>(copy.path);
  EXPECT_EQ(kept.records.size(), full.records.size() - 1);
  EXPECT_EQ(kept.torn_at, 0u);
}

// Damage in the last record, with nothing readable after it, is a torn tail.
TEST(Log, DamageInTheLastRecordIsATornTail) {
  TempLog f;
  W const w = ping_pong::make_world({});
  write_client_log(w, f.path, client_events());
  std::string bytes = weft::read_file(f.path);
  bytes[bytes.size() - 3] ^= 0x40;
  weft::write_file_atomic(f.path, bytes);
  auto const log = load_log<W>(f.path);
  EXPECT_GT(log.torn_at, 0u);
}

// A log is held to its world: a snapshot of a record the world cannot have is refused by record number.
TEST(Log, ARecordTheWorldCannotHaveIsRefused) {
  TempLog f;
  W const w = ping_pong::make_world({});
  {
    LogWriter log(f.path, header_of(weft::NodeId(0)));
    W::Node node = w.fresh_node(weft::NodeId(0), weft::Rng::from_seed(7, 0));
    node.state = W::RoleState(std::in_place_index<1>, ping_pong::ServerState{});  // the server's state on the client
    log.append(LogRecord<W>(LogSnapshot<W>{1, node}));
  }
  try {
    load_checked_log(w, f.path);
    FAIL() << "a client holding a server's state was accepted";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("record 1: holds the state of role 1, its role is 0"), std::string::npos) << e.what();
  }
}

TEST(Log, AnotherFormatIsOneClearError) {
  TempLog f;
  auto error = [&] {
    try {
      load_log<W>(f.path);
    } catch (weft::Error const& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  weft::write_file_atomic(f.path, "not a log at all");
  EXPECT_NE(error().find("not a weft log"), std::string::npos);
  std::filesystem::remove(f.path);
  {
    LogHeader h = header_of(weft::NodeId(0));
    h.version = 99;
    LogWriter(f.path, h);
  }
  EXPECT_NE(error().find("log format 99, this build reads 1"), std::string::npos);
}

TEST(LogReplay, TheSameBuildMatchesEveryOutput) {
  TempLog f;
  W const w = ping_pong::make_world({});
  write_client_log(w, f.path, client_events());
  auto const r = replay_log(w, load_log<W>(f.path));
  EXPECT_FALSE(r.divergence) << *r.divergence;
  EXPECT_EQ(r.inputs, 6u);
  EXPECT_EQ(r.snapshots, 1u);
  EXPECT_GE(r.outputs, 6u);
}

TEST(LogReplay, AnotherBuildIsCaughtAtItsFirstDifferentOutput) {
  TempLog f;
  write_client_log(ping_pong::make_world({}), f.path, client_events());
  ping_pong::Client slower;
  slower.retry_after = 250;  // the "fixed build": it waits longer before retrying
  auto const r = replay_log(ping_pong::make_world({}, slower), load_log<W>(f.path));
  ASSERT_TRUE(r.divergence);
  EXPECT_NE(r.divergence->find("input 2 (input"), std::string::npos) << *r.divergence;
  EXPECT_NE(r.divergence->find("+250"), std::string::npos) << *r.divergence;
}

TEST(LogReplay, FromALaterSnapshotAndNotBeyondTheLast) {
  TempLog f;
  W const w = ping_pong::make_world({});
  write_client_log(w, f.path, client_events());
  auto const log = load_log<W>(f.path);
  auto const r = replay_log(w, log, 1);
  EXPECT_FALSE(r.divergence);
  EXPECT_EQ(r.inputs, 0u);
  EXPECT_THROW(replay_log(w, log, 2), weft::Error);
}

}  // namespace
