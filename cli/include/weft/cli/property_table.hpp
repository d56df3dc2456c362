// The property table that `check` and `replay` print: per property its kind, its quoted name and the
// outcome, the kind column as wide as the widest kind among them, so that the names line up:
//
//   always            "no participant commits while another aborts" holds
//   always-eventually "every participant decides unless a node stays down" holds
#pragma once

#include <weft/property.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace weft::cli {

/// The width of the kind column for `properties` (anything whose elements have an `expectation`).
template <class Range>
int kind_width(Range const& properties) {
  std::size_t width = 10;
  for (auto const& p : properties) width = std::max(width, std::strlen(to_string(p.expectation)));
  return static_cast<int>(width);
}

/// Prints one line of the table.
inline void print_property_line(int kind_width, Expectation e, std::string const& name, std::string const& outcome) {
  std::printf("  %-*s %-40s %s\n", kind_width, to_string(e), ("\"" + name + "\"").c_str(), outcome.c_str());
}

}  // namespace weft::cli
