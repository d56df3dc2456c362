// Durations, sizes and latency distributions as the command line spells them.
#include <weft/cli/parse.hpp>

#include <weft/error.hpp>

#include <cmath>

namespace weft::cli {

namespace {
// A number and what follows it; the whole text must be a finite, non-negative number then a unit.
std::pair<double, std::string> number_and_unit(std::string const& text, std::string const& bad) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    throw Error(bad);
  }
  if (!std::isfinite(value) || value < 0) throw Error(bad);
  return {value, text.substr(used)};
}
}  // namespace

std::chrono::milliseconds parse_duration(std::string const& text) {
  std::string const bad = "bad duration '" + text + "' (give a unit: 500ms, 90s, 15m, 2h)";
  auto const [value, unit] = number_and_unit(text, bad);
  double const scale = unit == "ms" ? 1 : unit == "s" ? 1e3 : unit == "m" ? 6e4 : unit == "h" ? 3.6e6 : -1;
  if (scale < 0 || value * scale > 1e15) throw Error(bad);
  return std::chrono::milliseconds(static_cast<long long>(value * scale));
}

std::uint64_t parse_size(std::string const& text) {
  std::string const bad = "bad size '" + text + "' (try 512M or 4G)";
  auto const [value, unit] = number_and_unit(text, bad);
  double const scale = unit.empty() ? 1 : unit == "K" ? 1024.0 : unit == "M" ? 1048576.0 : unit == "G" ? 1073741824.0 : -1;
  if (scale < 0 || value * scale > 1e18) throw Error(bad);
  return static_cast<std::uint64_t>(value * scale);
}

checker::Latency parse_latency(std::string const& text) {
  using checker::Latency;
  std::string const bad = "bad latency '" + text + "' (try constant:10, lognormal:3,0.5 or weibull:1.5,20)";
  auto colon = text.find(':');
  if (colon == std::string::npos) throw Error(bad);
  std::string const kind = text.substr(0, colon), args = text.substr(colon + 1);
  Latency l;
  try {
    std::size_t used = 0;
    l.a = std::stod(args, &used);
    if (used < args.size()) {
      if (args[used] != ',') throw Error(bad);
      std::string const rest = args.substr(used + 1);
      l.b = std::stod(rest, &used);
      if (used != rest.size()) throw Error(bad);
    }
  } catch (Error const&) {
    throw;
  } catch (...) {
    throw Error(bad);
  }
  if (kind == "constant") l.kind = Latency::constant;
  else if (kind == "lognormal") l.kind = Latency::lognormal;
  else if (kind == "weibull" && l.a > 0 && l.b > 0) l.kind = Latency::weibull;
  else throw Error(bad);
  return l;
}

}  // namespace weft::cli
