// `TOOL nightly PLAN`: each planned run is this same tool started again as `TOOL check ...`, its output in
// OUT/NAME.log; the reports the runs leave make the summary.
#include <weft/cli/json_report.hpp>
#include <weft/cli/names.hpp>
#include <weft/cli/nightly.hpp>
#include <weft/cli/request.hpp>

#include <weft/error.hpp>
#include <weft/file.hpp>
#include <weft/json_check.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;

// Options of `check` that take no value.
bool is_flag(std::string const& option) {
  static std::set<std::string> const flags{"--symmetry", "--keep-going", "--deadlock", "--no-deadlock",
                                           "--no-constraints", "--no-liveness", "--coverage"};
  return flags.count(option) > 0;
}

// Splits a line into words; "..." and '...' keep blanks inside a word.
std::vector<std::string> words(std::string const& line, std::string const& where) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '"' || c == '\'') {
      quote = c, in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(word), word.clear(), in_word = false;
    } else {
      word += c, in_word = true;
    }
  }
  if (quote) throw Error(where + ": a quote is not closed");
  if (in_word) out.push_back(word);
  return out;
}

// The option names set in `args` (`--time-limit`), repeatable ones aside.
std::set<std::string> options_in(std::vector<std::string> const& args) {
  std::set<std::string> out;
  for (auto const& a : args)
    if (a.rfind("--", 0) == 0 && a != "--set") out.insert(a.substr(0, a.find('=')));
  return out;
}

// Appends the options of `from` that `taken` does not name.
void append_missing(std::vector<std::string>& to, std::vector<std::string> const& from, std::set<std::string> const& taken) {
  for (std::size_t i = 0; i < from.size(); ++i) {
    std::string const name = from[i].substr(0, from[i].find('='));
    bool const takes_value = !is_flag(name) && from[i].find('=') == std::string::npos && i + 1 < from.size();
    if (!taken.count(name) || name == "--set") {
      to.push_back(from[i]);
      if (takes_value) to.push_back(from[i + 1]);
    }
    if (takes_value) ++i;
  }
}

std::string today() {
  std::time_t const now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d", std::localtime(&now));
  return text;
}

// Runs `args` as a child process with its output in `log`; returns its exit code (2 when it died).
int spawn(std::vector<std::string> const& args, fs::path const& log) {
  std::vector<char*> argv;
  for (auto const& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(nullptr);
  pid_t const pid = ::fork();
  if (pid < 0) throw Error("cannot start a run: fork failed");
  if (pid == 0) {
    int const fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) ::dup2(fd, 1), ::dup2(fd, 2), ::close(fd);
    ::execv("/proc/self/exe", argv.data());
    std::fprintf(stderr, "cannot run /proc/self/exe\n");
    ::_exit(2);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : usage;
}

// The first line of a file, for the summary of a run that failed.
std::string first_line(fs::path const& file) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) return line;
  return "(no output)";
}

struct Outcome {
  PlannedRun run;
  int code = 0;
  double seconds = 0;
  std::optional<ReportFile> report;
  std::string error;
};

// A markdown table row of one run.
std::string summary_row(Outcome const& o) {
  if (!o.report) return "| " + o.run.name + " | | error (exit " + std::to_string(o.code) + "): " + o.error + " | | | | |\n";
  ReportFile const& r = *o.report;
  std::string verdicts, traces;
  for (auto const& p : r.properties) {
    if (p.verdict == "fails" && p.expectation != "sometimes") verdicts += "**\"" + p.name + "\" fails** ";
    if (!p.trace_file.empty() && p.verdict == "fails") traces += "[" + p.name + "](" + fs::path(p.trace_file).string() + ") ";
  }
  if (verdicts.empty()) verdicts = r.complete ? "every property holds" : "no violation found";
  char time[32];
  std::snprintf(time, sizeof time, "%.1f s", r.seconds);
  return "| " + o.run.name + " | " + r.protocol + " | " + verdicts + " | " + grouped(r.distinct) + " | " +
         (r.complete ? std::string("complete") : "bounded: " + r.bounded_by) + " | " + time + " | " + traces + " |\n";
}

// The classes a run never enabled, as the summary lists them ("" when every class was enabled).
std::string never_line(ReportFile const& r) {
  std::string out;
  for (auto const& name : r.never_enabled) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A link to `file` from a page in `dir`.
std::string link(fs::path const& file, fs::path const& dir, std::string const& text) {
  return "<a href=\"" + escaped(fs::relative(file, dir).string()) + "\">" + escaped(text) + "</a>";
}

// Draws each failing trace of a run as its sequence diagram beside it (TRACE.html, by `tool show`).
void draw_traces(std::string const& tool, Outcome const& o, fs::path const& out) {
  if (!o.report) return;
  for (auto const& p : o.report->properties)
    if (p.verdict == "fails" && !p.trace_file.empty() && fs::exists(p.trace_file))
      spawn({tool, "show", p.trace_file, "--html", p.trace_file + ".html"}, out / (o.run.name + ".show.log"));
}

// One run's row of the page, and its coverage table under it.
std::string page_row(Outcome const& o, fs::path const& out) {
  std::string const name = escaped(o.run.name);
  if (!o.report)
    return "<tr data-run=\"" + name + "\" data-verdict=\"error\"><td>" + name + "</td><td colspan=\"11\">error (exit " +
           std::to_string(o.code) + "): " + escaped(o.error) + "</td></tr>\n";
  ReportFile const& r = *o.report;
  std::string verdicts, traces, verdict = r.complete ? "holds" : "bounded";
  for (auto const& p : r.properties) {
    if (p.verdict == "fails" && p.expectation != "sometimes") verdicts += "<b>\"" + escaped(p.name) + "\" fails</b> ", verdict = "fails";
    if (p.trace_file.empty() || !fs::exists(p.trace_file)) continue;
    traces += link(p.trace_file, out, p.name) + " ";
    if (fs::exists(p.trace_file + ".html")) traces += "(" + link(p.trace_file + ".html", out, "diagram") + ") ";
  }
  if (verdicts.empty()) verdicts = r.complete ? "every property holds" : "no violation found";
  char figures[256];
  std::snprintf(figures, sizeof figures, "<td>%s</td><td>%s</td><td>%.0f</td><td>%llu</td><td>%.1f s</td><td>%llu MB</td>",
                grouped(r.distinct).c_str(), grouped(r.generated).c_str(), r.generated_per_second,
                static_cast<unsigned long long>(r.depth), r.seconds, static_cast<unsigned long long>(r.peak_memory_bytes >> 20));
  std::string row = "<tr data-run=\"" + name + "\" data-verdict=\"" + verdict + "\"><td>" + name + "</td><td>" +
                    escaped(r.protocol) + "</td><td>" + verdicts + "</td>" + figures + "<td>" +
                    (r.complete ? std::string("complete") : "bounded: " + escaped(r.bounded_by)) + "</td><td class=\"never\">" +
                    escaped(never_line(r)) + "</td><td>" + traces + "</td></tr>\n";
  if (r.actions.empty()) return row;
  row += "<tr class=\"actions\"><td></td><td colspan=\"11\"><details><summary>actions of " + name +
         "</summary><table><tr><th>action</th><th>enabled</th><th>taken</th><th>new states</th></tr>";
  for (auto const& a : r.actions)
    row += std::string(a.enabled ? "<tr>" : "<tr class=\"idle\">") + "<td>" + escaped(a.name) + "</td><td>" + grouped(a.enabled) +
           "</td><td>" + grouped(a.taken) + "</td><td>" + grouped(a.new_states) + "</td></tr>";
  return row + "</table></details></td></tr>\n";
}

// The night as one self-contained page: a row per run, its coverage, links to its traces and diagrams.
// Its script counts the runs by verdict into the heading, so a browser test sees that it ran.
std::string summary_page(std::string const& tool, std::string const& plan, std::vector<Outcome> const& outcomes,
                         fs::path const& out, int code) {
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escaped(tool + " nightly " + plan) +
                     "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                     "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}"
                     "tr[data-verdict=fails]{background:#f4cccc}tr[data-verdict=error]{background:#fde9c8}"
                     "tr[data-verdict=holds]{background:#e2f0d9}tr.idle{color:#a00}td.never{color:#a00}"
                     "</style></head><body>\n<h1>" + escaped(tool + " nightly " + plan) + "</h1>\n<p id=\"tally\"></p>\n"
                     "<table id=\"runs\"><tr><th>run</th><th>protocol</th><th>verdict</th><th>distinct states</th>"
                     "<th>generated</th><th>generated/s</th><th>depth</th><th>time</th><th>peak memory</th><th>coverage</th>"
                     "<th>never enabled</th><th>traces</th></tr>\n";
  for (auto const& o : outcomes) page += page_row(o, out);
  page += "</table>\n<p>exit code " + std::to_string(code) +
          " (0: every property holds; 1: a property fails; 3: a run was bounded; 2: a run failed)</p>\n"
          "<script>\n(function () {\n  var rows = document.querySelectorAll('#runs tr[data-run]'), count = {};\n"
          "  rows.forEach(function (r) { var v = r.dataset.verdict; count[v] = (count[v] || 0) + 1; });\n"
          "  var parts = Object.keys(count).sort().map(function (v) { return count[v] + ' ' + v; });\n"
          "  var tally = document.getElementById('tally');\n"
          "  tally.textContent = rows.length + ' runs: ' + parts.join(', ');\n"
          "  tally.dataset.runs = rows.length;\n})();\n</script>\n</body></html>\n";
  return page;
}

int worst(int a, int b) {
  auto rank = [](int c) { return c == usage || c > diverged ? 3 : c == violation ? 2 : c == incomplete ? 1 : 0; };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace

Plan load_plan(std::string const& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the plan " + path);
  Plan plan;
  std::set<std::string> names;
  std::string line, pending;
  for (std::size_t number = 1, start = 1; std::getline(in, line); ++number) {
    if (pending.empty()) start = number;
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    line = pending + line;
    pending.clear();
    std::string const where = path + ":" + std::to_string(start);
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto const colon = line.find(':');
    auto all = words(line, where);
    if (all.empty()) continue;
    if (colon == std::string::npos) throw Error(where + ": expected `NAME: PROTOCOL OPTIONS...` or `defaults: OPTIONS...`");
    std::string name;
    for (auto const& w : words(line.substr(0, colon), where)) name += (name.empty() ? "" : " ") + w;
    auto args = words(line.substr(colon + 1), where);
    if (name == "defaults") {
      plan.defaults.insert(plan.defaults.end(), args.begin(), args.end());
      continue;
    }
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != std::string::npos)
      throw Error(where + ": a run's name is letters, digits, '_', '.' and '-', got '" + name + "'");
    if (!names.insert(name).second) throw Error(where + ": a second run named '" + name + "'");
    if (args.empty() || args[0].rfind("--", 0) == 0) throw Error(where + ": run '" + name + "' names no protocol");
    plan.runs.push_back({name, std::move(args), start});
  }
  if (plan.runs.empty()) throw Error(path + ": the plan has no runs");
  return plan;
}

std::vector<std::string> merge_options(std::vector<std::string> const& run, std::vector<std::string> const& defaults,
                                       std::vector<std::string> const& overrides) {
  std::set<std::string> const overridden = options_in(overrides);
  std::vector<std::string> out;
  append_missing(out, run, overridden);
  std::set<std::string> taken = options_in(out);
  taken.insert(overridden.begin(), overridden.end());
  append_missing(out, defaults, taken);
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

int run_nightly(NightlyRequest const& req, std::string const& tool) {
  Plan const plan = load_plan(req.plan);
  for (auto const& name : req.only)
    if (std::none_of(plan.runs.begin(), plan.runs.end(), [&](PlannedRun const& r) { return r.name == name; }))
      throw Error(req.plan + " has no run named '" + name + "'");
  fs::path const out = req.out.empty() ? "nightly-" + today() : req.out;
  fs::create_directories(out);
  std::vector<Outcome> outcomes;
  int code = ok;
  for (auto const& run : plan.runs) {
    if (!req.only.empty() && std::find(req.only.begin(), req.only.end(), run.name) == req.only.end()) continue;
    auto args = merge_options(run.args, plan.defaults, req.overrides);
    fs::path const report = out / (run.name + ".json"), checkpoint = out / (run.name + ".checkpoint");
    bool const exhaustive = !options_in(args).count("--strategy") ||
                            std::find(args.begin(), args.end(), "bfs") != args.end();
    std::vector<std::string> command{tool, "check"};
    if (exhaustive && fs::exists(checkpoint) && !fs::exists(report)) {
      // An interrupted night: this run continues from its checkpoint (protocol and settings come from it).
      command.push_back("--resume"), command.push_back(checkpoint.string());
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--set") { ++i; continue; }
        command.push_back(args[i]);
      }
    } else {
      command.insert(command.end(), args.begin(), args.end());
      if (exhaustive && !options_in(args).count("--checkpoint-every")) command.insert(command.end(), {"--checkpoint-every", "5m"});
      if (exhaustive) command.insert(command.end(), {"--checkpoint", checkpoint.string()});
    }
    fs::remove(report);
    command.insert(command.end(), {"--report", report.string(), "--save-trace", (out / run.name).string()});
    std::printf("== %s: %s check %s\n", run.name.c_str(), tool.c_str(), [&] {
      std::string text;
      for (std::size_t i = 2; i < command.size(); ++i) text += (i > 2 ? " " : "") + command[i];
      return text;
    }().c_str());
    auto const started = std::chrono::steady_clock::now();
    Outcome o{run, spawn(command, out / (run.name + ".log")), 0, std::nullopt, ""};
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (fs::exists(report)) {
      try {
        o.report = from_json<ReportFile>(read_file(report), "report");
      } catch (Error const& e) {
        o.error = report.string() + ": " + e.what();
      }
    } else {
      o.error = first_line(out / (run.name + ".log"));
    }
    if (o.report && o.report->complete && fs::exists(checkpoint)) fs::remove(checkpoint);  // done: nothing to resume
    std::printf("   exit %d in %.1f s%s%s\n", o.code, o.seconds, o.report ? "" : ": ", o.report ? "" : o.error.c_str());
    code = worst(code, o.code);
    outcomes.push_back(std::move(o));
  }
  std::string summary = "# " + tool + " nightly " + req.plan + "\n\n| run | protocol | verdict | distinct states | coverage | time | traces |\n|---|---|---|---|---|---|---|\n";
  for (auto const& o : outcomes) summary += summary_row(o);
  std::string idle;
  for (auto const& o : outcomes)
    if (o.report && !o.report->never_enabled.empty())
      idle += "- " + o.run.name + ": " + never_line(*o.report) + (o.report->complete ? "" : " (in the part it explored)") + "\n";
  if (!idle.empty()) summary += "\nActions never enabled (a vacuous configuration, or dead code?):\n\n" + idle;
  summary += "\nexit code " + std::to_string(code) + " (0: every property holds; 1: a property fails; 3: a run was bounded; 2: a run failed)\n";
  write_file_atomic(out / "summary.md", summary);
  for (auto const& o : outcomes) draw_traces(tool, o, out);
  write_file_atomic(out / "summary.html", summary_page(tool, req.plan, outcomes, out, code));
  std::printf("\n%s\nreports, logs and traces in %s/\n", summary.c_str(), out.string().c_str());
  return code;
}

}  // namespace weft::cli
