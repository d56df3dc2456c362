// Whether this build runs under AddressSanitizer: protocol tests scale their largest searches down there
// (the sanitized, unoptimised build runs the checker 100 to 200 times slower than the optimised one) and
// leave them to the optimised run, which runs everything.
#pragma once

namespace weft::testing {

#if defined(__SANITIZE_ADDRESS__)
/// True in a build under AddressSanitizer (GCC's macro, or Clang's feature test).
inline constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#else
inline constexpr bool sanitized = false;
#endif

/// The message of a test skipped under the sanitizers.
inline constexpr char const* optimised_only = "a large search: run in the optimised build only (the sanitized one is 100x slower)";

}  // namespace weft::testing
