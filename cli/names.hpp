// Small text helpers of the command line: counts with separators, file-name slugs for traces.
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <string>

namespace weft::cli {

/// Thousands separators for counts.
inline std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// A string safe in a file name: letters and digits kept, anything else `_`.
inline std::string slug(std::string const& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

/// The file name of a trace: the property, then the settings that differ from the defaults
/// (`answers_match_questions.accept_stale_pong-1.json`), so that each bug switch gets its own file.
inline std::string trace_file_name(std::string const& property, std::map<std::string, std::string> const& config,
                                   std::map<std::string, std::string> const& defaults) {
  std::string name = slug(property);
  for (auto const& [k, v] : config) {
    auto d = defaults.find(k);
    if (d == defaults.end() || d->second != v) name += "." + slug(k) + "-" + slug(v);
  }
  return name + ".json";
}

}  // namespace weft::cli
