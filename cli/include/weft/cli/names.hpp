// Small text helpers of the command line: counts with thousands separators.
#pragma once

#include <cstdint>
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

}  // namespace weft::cli
