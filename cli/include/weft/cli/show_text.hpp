// `weft show TRACE` without --html: the trace as a message sequence diagram in plain text, one row per
// step and one lane per node, for a terminal or a review comment:
//
//   step  n0          n1
//      1  *           |            input Ask{value: 10}
//      2  o---------->|            Ping{seq: 0, value: 10}
//      3  @           |            Retry{seq: 0}
//      6  |<----------o            Pong{seq: 0, value: 10}   <- "answers match questions" fails
//
// `o` marks a sender, `*` an input, `@` a timer, `X` a crash, `R` a restart, `+` a duplicate, `x` a drop.
// A model without nodes (a hand-written one) is shown as its numbered steps.
#pragma once

#include <weft/cli/show_html.hpp>

#include <cstdio>
#include <string>

namespace weft::cli {

namespace detail {
inline constexpr std::size_t lane_width = 12;

// One row of lanes: `|` on every lane, with the event drawn over it.
inline std::string lanes_row(std::size_t nodes, EventFacts const& f) {
  std::size_t const width = nodes * lane_width;
  std::string row(width, ' ');
  auto col = [](std::int64_t n) { return static_cast<std::size_t>(n) * lane_width; };
  for (std::size_t n = 0; n < nodes; ++n) row[col(static_cast<std::int64_t>(n))] = '|';
  auto in_range = [&](std::int64_t n) { return n >= 0 && static_cast<std::size_t>(n) < nodes; };
  bool const link = f.kind == "Deliver" || f.kind == "Drop" || f.kind == "Duplicate";
  if (link && in_range(f.from) && in_range(f.to)) {
    std::size_t const a = col(f.from), b = col(f.to);
    if (f.kind == "Duplicate") {
      row[a] = '+';
    } else if (a != b) {
      std::size_t const lo = std::min(a, b), hi = std::max(a, b);
      for (std::size_t c = lo + 1; c < hi; ++c) row[c] = '-';
      row[a] = 'o';
      if (f.kind == "Drop") row[(lo + hi) / 2] = 'x';
      else row[a < b ? b - 1 : b + 1] = a < b ? '>' : '<';
    } else {
      row[a] = 'o';
    }
  } else if (in_range(f.node)) {
    char const mark = f.kind == "UserInput" ? '*' : f.kind == "Timeout" ? '@' : f.kind == "Crash" ? 'X'
                    : f.kind == "Restart"   ? 'R' : '#';
    row[col(f.node)] = mark;
  } else if (f.kind == "Partition" || f.kind == "Heal") {
    for (std::size_t c = 0; c < width; ++c) row[c] = row[c] == '|' ? '|' : '~';
  }
  return row;
}

// The event's text without the part the lanes already show (`deliver n0->n1 `, `timeout n0 `).
inline std::string event_label(std::string const& text, EventFacts const& f) {
  if (f.kind != "Deliver" && f.kind != "UserInput" && f.kind != "Timeout") return text;
  auto const space = text.find(' ', text.find(' ') + 1);
  return space == std::string::npos ? text : text.substr(space + 1);
}
}  // namespace detail

/// Prints trace `t` as a text sequence diagram.
template <class M>
void print_sequence(Trace<M> const& t, Run<M> const& run) {
  std::size_t nodes = 0;
  if constexpr (requires { run.initial().nodes.size(); }) nodes = run.initial().nodes.size();
  bool const lasso = t.header.loop_start.has_value();
  std::string header = "step  ";
  for (std::size_t n = 0; n < nodes; ++n) {
    std::string lane = "n" + std::to_string(n);
    lane.resize(n + 1 < nodes ? detail::lane_width : lane.size(), ' ');
    header += lane;
  }
  std::printf("%s\n", header.c_str());
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    auto const& step = t.steps[i];
    auto const f = detail::facts(step.event);
    std::string note;
    if (lasso && *t.header.loop_start == i + 1 && i + 1 < t.steps.size()) note = "   <- the cycle starts after this step";
    if (i + 1 == t.steps.size()) {
      if (lasso && *t.header.loop_start == t.steps.size()) note = "   <- and stays in this state for ever";
      else if (lasso) note = "   <- back to the state after step " + std::to_string(*t.header.loop_start) + ", for ever";
      else if (t.header.expect == expect::violates) note = "   <- \"" + t.header.property + "\" fails";
      else if (t.header.expect == expect::witnesses) note = "   <- \"" + t.header.property + "\" holds";
    }
    std::string const row = nodes ? detail::lanes_row(nodes, f) + "  " + detail::event_label(step.text, f) : step.text;
    std::printf("%4zu  %s%s\n", i + 1, row.c_str(), note.c_str());
  }
  if (t.header.dead_end) std::printf("      (dead end: no event is enabled after the last step)\n");
}

/// `show`: the text diagram, or with --html a self-contained page.
template <class M>
int run_show(Subject<M> const& subject, ShowRequest const& req) {
  auto const t = subject.load_trace(req.trace);
  auto const run = run_of(subject.model, t);
  if (!req.html.empty()) {
    write_file_atomic(req.html, std::string(detail::page_head) + detail::page_data(t, run) + detail::page_tail);
    std::printf("%s: %zu steps drawn in %s\n", req.trace.c_str(), t.steps.size(), req.html.c_str());
    return ok;
  }
  std::printf("%s: %s, %zu steps, %s%s\n", req.trace.c_str(), t.header.protocol.c_str(), t.steps.size(),
              t.header.expect.c_str(), t.header.property.empty() ? "" : (" \"" + t.header.property + "\"").c_str());
  print_sequence(t, run);
  return ok;
}

}  // namespace weft::cli
