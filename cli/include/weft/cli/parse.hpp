// The values the command line takes apart from `--set` keys: durations, sizes and latency
// distributions. Each bad value is a weft::Error with one line saying what would do.
#pragma once

#include <weft/checker/options.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace weft::cli {

/// "500ms", "90s", "15m", "2h" -> milliseconds; a unit is required ("90" alone is refused).
std::chrono::milliseconds parse_duration(std::string const& text);

/// "1000000", "512K", "512M", "4G" -> bytes.
std::uint64_t parse_size(std::string const& text);

/// "constant:10", "lognormal:3,0.5", "weibull:1.5,20".
checker::Latency parse_latency(std::string const& text);

}  // namespace weft::cli
