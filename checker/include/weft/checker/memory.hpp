// Resident memory of this process, for the memory budget and the progress line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <unistd.h>

namespace weft::checker {

/// Current resident set size in bytes (0 where /proc is unavailable).
inline std::uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long pages = 0, resident = 0;
  int const n = std::fscanf(f, "%lu %lu", &pages, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

}  // namespace weft::checker
