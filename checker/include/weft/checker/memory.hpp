// Resident memory of this process, for the memory budget, the progress line and reports.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
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

/// The most resident memory this process has held (the kernel's high-water mark, VmHWM), in bytes.
inline std::uint64_t peak_resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  unsigned long kb = 0;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmHWM:", 6) == 0 && std::sscanf(line + 6, "%lu", &kb) == 1) break;
  std::fclose(f);
  return static_cast<std::uint64_t>(kb) * 1024;
}

}  // namespace weft::checker
