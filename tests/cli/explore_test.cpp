// The explorer's API without a socket (run_explore.hpp over answer_bytes, http.hpp): targets parse, a path
// names a state and a bad one is a 400 naming its step, events say what they change or why they are not
// enabled, properties are judged at the state, a bounded check from a state finds the bug and its path
// walks there, a saved trace opens as the path it follows, and garbage gets an HTTP error.
#include <ping_pong/ping_pong.hpp>

#include <weft/checker/check.hpp>
#include <weft/checker/traces.hpp>
#include <weft/cli/run_explore.hpp>
#include <weft/file.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

namespace {

using namespace weft::cli;

struct Fixture {
  explicit Fixture(bool buggy = false) {
    ping_pong::Settings s;
    s.accept_stale_pong = buggy;
    s.world.faults.duplicates = 1;
    model.emplace(ping_pong::protocol.make(s));
  }
  std::optional<ping_pong::World> model;
  Subject<ping_pong::World> subject{*model, "ping_pong", {{"requests", "2"}}, {}, {}};
  Explorer<ping_pong::World> explorer{subject};

  HttpResponse get(std::string const& target) const {
    HttpRequest r;
    r.method = "GET";
    parse_target(target, r);
    return explorer.handle(r);
  }
  rapidjson::Document json(std::string const& target) const {
    auto const res = get(target);
    EXPECT_EQ(res.status, 200) << target;
    rapidjson::Document d;
    d.Parse(res.body.c_str());
    EXPECT_FALSE(d.HasParseError()) << res.body;
    return d;
  }
  int status(std::string const& target) const {
    try {
      return get(target).status;
    } catch (HttpError const& e) {
      return e.status;
    }
  }
};

TEST(Http, TargetsSplitAndDecode) {
  HttpRequest r;
  parse_target("/api/state?path=0.1%2E2&x=a+b&flag", r);
  EXPECT_EQ(r.path, "/api/state");
  EXPECT_EQ(r.query.at("path"), "0.1.2");
  EXPECT_EQ(r.query.at("x"), "a b");
  EXPECT_EQ(r.query.at("flag"), "");
  EXPECT_THROW(parse_target("/a?b=%zz", r), HttpError);
  EXPECT_THROW(parse_target("nothing", r), HttpError);
}

TEST(Http, EveryRequestGetsAnAnswer) {
  Fixture const f;
  HttpHandler const handler = [&](HttpRequest const& r) { return f.explorer.handle(r); };
  auto const ok = answer_bytes("GET /api/state?path=0 HTTP/1.1\r\nHost: x\r\n\r\n", handler);
  EXPECT_TRUE(ok.starts_with("HTTP/1.1 200")) << ok;
  EXPECT_NE(ok.find("\"events\""), std::string::npos);
  EXPECT_TRUE(answer_bytes("garbage\r\n\r\n", handler).starts_with("HTTP/1.1 400")) << "a request that does not parse";
  EXPECT_TRUE(answer_bytes("", handler).starts_with("HTTP/1.1 400")) << "nothing at all";
  EXPECT_TRUE(answer_bytes("GET / HTTP/1.1\r\nHo", handler).starts_with("HTTP/1.1 400")) << "a request cut short";
  EXPECT_TRUE(answer_bytes("GET /nowhere HTTP/1.1\r\n\r\n", handler).starts_with("HTTP/1.1 404"));
  EXPECT_TRUE(answer_bytes("DELETE / HTTP/1.1\r\n\r\n", handler).starts_with("HTTP/1.1 405"));
  EXPECT_TRUE(answer_bytes("GET /api/state?path=0.99 HTTP/1.1\r\n\r\n", handler).starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(answer_bytes("GET / HTTP/1.1\r\n\r\n", handler).find("<!DOCTYPE html>") != std::string::npos);
}

TEST(Explorer, APathNamesAState) {
  Fixture const f;
  auto const start = f.json("/api/state?path=0");
  ASSERT_TRUE(start["events"].IsArray());
  ASSERT_GT(start["events"].Size(), 0u);
  EXPECT_EQ(std::string(start["path"].GetString()), "0");
  EXPECT_EQ(start["steps"].Size(), 0u);
  EXPECT_TRUE(start["fields"].IsArray());
  EXPECT_EQ(std::string(start["fields"][0]["name"].GetString()), "nodes");
  EXPECT_EQ(start["fields"][0]["items"].Size(), 2u) << "one line per node";
  // Follow the first enabled event, twice: each state lists the steps that led to it.
  std::string path = "0";
  auto state = f.json("/api/state?path=0");
  for (int k = 0; k < 2; ++k) {
    std::size_t chosen = SIZE_MAX;
    for (auto const& e : state["events"].GetArray())
      if (e["enabled"].GetBool()) {
        chosen = e["index"].GetUint64();
        EXPECT_GT(e["changes"].Size(), 0u) << "an enabled event says what it would change";
        break;
      }
    ASSERT_NE(chosen, SIZE_MAX);
    path += "." + std::to_string(chosen);
    state = f.json("/api/state?path=" + path);
    EXPECT_EQ(std::string(state["path"].GetString()), path);
    EXPECT_EQ(state["steps"].Size(), static_cast<unsigned>(k + 1));
  }
  EXPECT_EQ(f.status("/api/state?path=0.77"), 400) << "an event the state does not have";
  EXPECT_EQ(f.status("/api/state?path=1"), 400) << "an initial state the model does not have";
  EXPECT_EQ(f.status("/api/state?path=0..1"), 400);
  EXPECT_EQ(f.status("/api/state?path=x"), 400);
  auto const diagram = f.get("/api/diagram?path=" + path);
  EXPECT_NE(diagram.body.find("data-rendered"), std::string::npos) << "the path as a sequence diagram";
}

TEST(Explorer, PropertiesAreJudgedAtTheState) {
  Fixture const f;
  auto const s = f.json("/api/state?path=0");
  bool found = false;
  for (auto const& p : s["properties"].GetArray())
    if (std::string(p["name"].GetString()) == "answers match questions") {
      found = true;
      EXPECT_TRUE(p["value"].IsBool() && p["value"].GetBool());
    }
  EXPECT_TRUE(found);
}

TEST(Explorer, ACheckFromAStateFindsTheBugAndItsPathWalksThere) {
  Fixture const f(true);
  auto const r = f.json("/api/check?path=0&depth=30");
  std::string bad;
  for (auto const& p : r["properties"].GetArray())
    if (std::string(p["name"].GetString()) == "answers match questions") {
      EXPECT_EQ(std::string(p["verdict"].GetString()), "fails");
      ASSERT_TRUE(p.HasMember("path"));
      bad = p["path"].GetString();
    }
  ASSERT_FALSE(bad.empty());
  auto const there = f.json("/api/state?path=" + bad);
  for (auto const& p : there["properties"].GetArray())
    if (std::string(p["name"].GetString()) == "answers match questions") {
      EXPECT_FALSE(p["value"].GetBool()) << bad;
    }
  EXPECT_EQ(f.status("/api/check?path=0&depth=0"), 400);
  EXPECT_EQ(f.status("/api/check?path=0&states=-1"), 400);
}

TEST(Explorer, ASavedTraceOpensAsThePathItFollows) {
  Fixture const f(true);
  weft::checker::Options o;
  o.liveness = false;
  auto const report = weft::checker::check(*f.model, o);
  auto const dir = std::filesystem::path(::testing::TempDir()) / "weft-explore-traces";
  std::string file;
  std::size_t steps = 0;
  for (auto const& p : report.properties)
    if (p.path && p.verdict == weft::checker::Verdict::fails) {
      file = weft::checker::save_path(*f.model, p, {"ping_pong", {{"requests", "2"}}, {}, "bfs", 0}, dir).string();
      steps = p.path->events.size();
    }
  ASSERT_FALSE(file.empty());
  HttpRequest post;
  post.method = "POST";
  post.path = "/api/trace";
  post.body = weft::read_file(file);
  auto const res = f.explorer.handle(post);
  rapidjson::Document d;
  d.Parse(res.body.c_str());
  std::string const path = d["path"].GetString();
  EXPECT_EQ(static_cast<std::size_t>(std::count(path.begin(), path.end(), '.')), steps);
  EXPECT_EQ(f.json("/api/state?path=" + path)["steps"].Size(), steps);
  post.body = "{\"not\": \"a trace\"}";
  try {
    f.explorer.handle(post);
    ADD_FAILURE() << "a document that is no trace was opened";
  } catch (HttpError const& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(std::string(e.what()).find("weft-explore-"), std::string::npos) << "no temporary file name: " << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
