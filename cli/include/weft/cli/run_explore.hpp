// `weft explore PROTOCOL`: walk a model by hand in the browser. A local HTTP server (http.hpp) serves one
// self-contained page (explore_page.hpp) and a small JSON API over the model; the server keeps no session:
// a state is named by its path, the initial state's index then, at each step, the index of the event
// chosen among the state's events (`0.3.1`), so that a URL names a state that reloads and can be shared.
//
//   GET  /                          the page
//   GET  /api/state?path=0.3.1      the state: its fields, each property's value, every event with what
//                                   it would change or why it is not enabled, the path's events
//   GET  /api/diagram?path=0.3.1    the path as a sequence diagram (the page of `show --html`)
//   GET  /api/check?path=..&depth=D&states=S   a bounded breadth-first search from the state
//   POST /api/trace                 a trace file's text: the path it follows
#pragma once

#include <weft/cli/explore_page.hpp>
#include <weft/cli/http.hpp>
#include <weft/cli/request.hpp>
#include <weft/cli/show_html.hpp>
#include <weft/cli/subject.hpp>

#include <weft/checker/check.hpp>
#include <weft/compare.hpp>
#include <weft/drive.hpp>
#include <weft/trace.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace weft::cli {

/// The explorer's API over one model (no socket: serve() or answer_bytes() carries it).
template <class M>
class Explorer {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

  /// An explorer of `subject`'s model.
  explicit Explorer(Subject<M> const& subject) : subject_(subject), model_(subject.model) {}

  /// Answers one request; throws HttpError for a bad one.
  HttpResponse handle(HttpRequest const& r) const {
    if (r.path == "/" || r.path == "/index.html") return {200, "text/html; charset=utf-8", std::string(explore_page())};
    if (r.path == "/api/state") return {200, "application/json", state_json(walk(param(r, "path", "0")), param(r, "path", "0"))};
    if (r.path == "/api/diagram") return {200, "text/html; charset=utf-8", diagram(walk(param(r, "path", "0")))};
    if (r.path == "/api/check") return {200, "application/json", check_from(r)};
    if (r.path == "/api/trace" && r.method == "POST") return {200, "application/json", trace_path(r.body)};
    throw HttpError(404, "no such page: " + r.path);
  }

 private:
  static std::string param(HttpRequest const& r, char const* name, std::string fallback) {
    auto it = r.query.find(name);
    return it == r.query.end() ? fallback : it->second;
  }

  static std::size_t number(std::string const& text, std::size_t most, char const* what) {
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(400, std::string(what) + " must be a number, got '" + text.substr(0, 40) + "'");
    std::size_t const n = std::stoull(text);
    if (n > most) throw HttpError(400, std::string(what) + " is at most " + std::to_string(most));
    return n;
  }

  // The run a path names, with its effects; throws HttpError(400) naming the step that does not exist.
  Run<M> walk(std::string const& path) const {
    std::vector<std::size_t> at;
    for (std::size_t from = 0; from <= path.size();) {
      auto const dot = std::min(path.find('.', from), path.size());
      at.push_back(number(path.substr(from, dot - from), 1u << 20, "a path's step"));
      from = dot + 1;
      if (at.size() > max_steps) throw HttpError(400, "a path has at most " + std::to_string(max_steps) + " steps");
    }
    auto const inits = model_.init_states();
    if (at[0] >= inits.size()) throw HttpError(400, "the model has " + std::to_string(inits.size()) + " initial states, not " + std::to_string(at[0] + 1));
    std::vector<Action> events, actions;
    State s = inits[at[0]], next{};
    for (std::size_t k = 1; k < at.size(); ++k) {
      actions.clear();
      model_.actions(s, actions);
      if (at[k] >= actions.size()) throw HttpError(400, "step " + std::to_string(k) + ": the state has " + std::to_string(actions.size()) + " events, not " + std::to_string(at[k] + 1));
      if (Step const st = step(model_, s, actions[at[k]], next); !st)
        throw HttpError(400, "step " + std::to_string(k) + " (" + to_text(actions[at[k]]) + ") is not enabled: " + st.why());
      events.push_back(actions[at[k]]);
      std::swap(s, next);
    }
    return execute(model_, inits[at[0]], events);
  }

  // The indices of `events` from `from`, as a path's tail ("" when there are none).
  std::string indices(State from, std::vector<Action> const& events) const {
    std::string out;
    std::vector<Action> actions;
    State next{};
    for (std::size_t k = 0; k < events.size(); ++k) {
      actions.clear();
      model_.actions(from, actions);
      std::size_t i = 0;
      while (i < actions.size() && !weft::equal(actions[i], events[k])) ++i;
      if (i == actions.size() || !step(model_, from, actions[i], next))
        throw HttpError(400, "step " + std::to_string(k + 1) + " (" + to_text(events[k]) + ") is not among the state's events");
      out += "." + std::to_string(i);
      std::swap(from, next);
    }
    return out;
  }

  static void str(Writer& w, std::string const& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); }

  // One item of a field, printed; a world's node record with what its own printed form leaves out.
  template <class T>
  static std::string item_text(T const& item) {
    if constexpr (requires { item.up; item.state; item.timers; item.next_input; })
      return (item.up ? "" : "(down) ") + to_text(item.state) + "  timers " + to_text(item.timers) + "  inputs taken " +
             std::to_string(item.next_input);
    else return to_text(item);
  }

  // A state's top-level fields, printed (a list field: one line per element).
  static void fields(Writer& w, State const& s) {
    w.StartArray();
    auto field = [&](std::string const& name, auto const& value) {
      w.StartObject();
      w.Key("name"), str(w, name);
      w.Key("items"), w.StartArray();
      if constexpr (requires { value.begin(); value.size(); } && !std::is_convertible_v<decltype(value), std::string>)
        for (auto const& item : value) str(w, item_text(item));
      else str(w, to_text(value));
      w.EndArray();
      w.EndObject();
    };
    if constexpr (Reflected<State>) for_each_field(s, [&](char const* name, auto const& value) { field(name, value); });
    else field("state", s);
    w.EndArray();
  }

  std::string state_json(Run<M> const& run, std::string const& path) const {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    State const& s = run.last();
    w.StartObject();
    w.Key("protocol"), str(w, subject_.protocol);
    w.Key("config"), str(w, to_text(subject_.config));
    w.Key("path"), str(w, path);
    w.Key("state"), str(w, to_text(s));
    w.Key("fields"), fields(w, s);
    w.Key("steps"), w.StartArray();
    for (auto const& e : run.events) str(w, to_text(e));
    w.EndArray();
    std::vector<Action> actions;
    model_.actions(s, actions);
    bool any = false;
    w.Key("events"), w.StartArray();
    State next{};
    for (std::size_t i = 0; i < actions.size(); ++i) {
      Step const st = step(model_, s, actions[i], next);
      any = any || st;
      w.StartObject();
      w.Key("index"), w.Uint64(i);
      w.Key("text"), str(w, to_text(actions[i]));
      w.Key("class"), str(w, class_names_.at(action_class(model_, actions[i])));
      w.Key("enabled"), w.Bool(static_cast<bool>(st));
      if (!st) w.Key("why"), str(w, st.why());
      w.Key("changes"), w.StartArray();
      if (st)
        for (auto const& c : changes(s, next)) str(w, c);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("properties"), w.StartArray();
    for (auto const& p : model_.properties()) {
      w.StartObject();
      w.Key("name"), str(w, p.name);
      w.Key("kind"), str(w, to_string(p.expectation));
      w.Key("value");
      if (p.expectation == Expectation::every_step && run.length() > 0)
        w.Bool(p.step(model_, run.states[run.length() - 1], run.events.back(), s));
      else if (!is_temporal(p.expectation) && p.expectation != Expectation::every_step) w.Bool(p.predicate(model_, s));
      else w.Null();  // judged on runs, not on one state
      w.EndObject();
    }
    w.EndArray();
    w.Key("dead_end"), w.Bool(!any);
    w.EndObject();
    return buffer.GetString();
  }

  std::string diagram(Run<M> const& run) const {
    auto const t = to_trace(model_, run, trace_header(subject_.protocol, subject_.config, "", expect::holds, "explore"));
    return std::string(detail::page_head) + detail::page_data(t, run) + detail::page_tail;
  }

  std::string check_from(HttpRequest const& r) const {
    std::string const path = param(r, "path", "0");
    Run<M> const run = walk(path);
    checker::Options o;
    o.max_depth = number(param(r, "depth", "20"), 10000, "depth");
    o.max_states = number(param(r, "states", "1000000"), 100000000, "states");
    if (o.max_depth == 0 || o.max_states == 0) throw HttpError(400, "depth and states are at least 1");
    o.time_limit = std::chrono::seconds(number(param(r, "seconds", "10"), 600, "seconds"));
    o.keep_going = true;
    o.liveness = false;  // a bounded search from a state proves no liveness property
    o.progress_every = std::chrono::hours(1);
    auto const report = checker::check(model_, o, {}, {}, {run.last()});
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("bound"), str(w, to_string(report.bound));
    w.Key("complete"), w.Bool(report.complete());
    w.Key("distinct"), w.Uint64(report.stats.distinct);
    w.Key("generated"), w.Uint64(report.stats.generated);
    w.Key("depth"), w.Uint64(report.stats.depth);
    w.Key("seconds"), w.Double(report.stats.seconds);
    w.Key("properties"), w.StartArray();
    for (auto const& p : report.properties) {
      w.StartObject();
      w.Key("name"), str(w, p.name);
      w.Key("verdict"), str(w, checker::to_string(p.verdict));
      if (p.path && !p.path->loop_start) w.Key("path"), str(w, path + indices(run.last(), p.path->events));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
  }

  // The path a trace file (its text) follows from one of the model's initial states.
  std::string trace_path(std::string const& text) const {
    if (text.size() > (8u << 20)) throw HttpError(413, "a trace file of at most 8 MB");
    std::filesystem::path const file = std::filesystem::temp_directory_path() /
                                       ("weft-explore-" + std::to_string(::getpid()) + "-" + std::to_string(next_file()) + ".json");
    write_file_atomic(file, text);
    Trace<M> t;
    try {
      t = subject_.load_trace(file.string());
    } catch (std::exception const& e) {
      std::filesystem::remove(file);
      std::string why = e.what();
      if (auto at = why.find(file.string()); at != std::string::npos) why.replace(at, file.string().size(), "the trace");
      throw HttpError(400, why);
    }
    std::filesystem::remove(file);
    auto const inits = model_.init_states();
    State const initial = t.initial ? *t.initial : inits.at(0);
    std::size_t i = 0;
    while (i < inits.size() && !weft::equal(inits[i], initial)) ++i;
    if (i == inits.size()) throw HttpError(400, "the trace starts from a state of its own (a snapshot's): the explorer walks from the model's initial states");
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("path"), str(w, std::to_string(i) + indices(initial, t.events()));
    w.Key("property"), str(w, t.header.property);
    w.Key("expect"), str(w, t.header.expect);
    w.EndObject();
    return buffer.GetString();
  }

  static std::uint64_t next_file() {
    static std::atomic<std::uint64_t> n{0};
    return n++;
  }

  static constexpr std::size_t max_steps = 10000;
  Subject<M> const& subject_;
  M const& model_;
  std::vector<std::string> const class_names_ = action_classes(model_);
};

/// `explore`: serves the explorer until the process is stopped.
template <class M>
int run_explore(Subject<M> const& subject, ExploreRequest const& req) {
  Explorer<M> const explorer(subject);
  serve(req.host, req.port, [&](HttpRequest const& r) { return explorer.handle(r); }, [&](unsigned short port) {
    std::printf("%s: exploring %s at http://%s:%u/ (Ctrl-C stops it)\n", req.tool.c_str(), subject.protocol.c_str(),
                req.host.c_str(), port);
    std::fflush(stdout);
  });
  return ok;
}

}  // namespace weft::cli
