// A GoogleTest helper that checks a user's state or message type is fit for weft: serialisation
// round-trips (portable binary and JSON), equal values fingerprint equally, distinct values differently,
// and repeated encodings agree.
#pragma once

#include <weft/compare.hpp>
#include <weft/fingerprint.hpp>
#include <weft/print.hpp>
#include <weft/json_check.hpp>
#include <weft/serialize.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace weft::testing {

/// Checks `samples` of T; returns a failure naming the first sample (printed) that misbehaves.
template <class T>
::testing::AssertionResult check_type(std::vector<T> const& samples) {
  for (T const& v : samples) {
    std::string const name = to_text(v);
    T const from_binary = from_portable_binary<T>(to_portable_binary(v));
    if (!equal(from_binary, v)) return ::testing::AssertionFailure() << "binary round trip changed " << name;
    T const from_text = from_json<T>(to_json(v));
    if (!equal(from_text, v)) return ::testing::AssertionFailure() << "JSON round trip changed " << name;
    if (fingerprint(from_binary) != fingerprint(v) || fingerprint(v) != fingerprint(v))
      return ::testing::AssertionFailure() << "fingerprint is not stable for " << name;
    if (canonical_bytes(v) != canonical_bytes(from_text))
      return ::testing::AssertionFailure() << "canonical encoding differs after a round trip for " << name;
  }
  for (std::size_t i = 0; i < samples.size(); ++i)
    for (std::size_t j = i + 1; j < samples.size(); ++j) {
      bool const same = equal(samples[i], samples[j]);
      bool const same_fp = fingerprint(samples[i]) == fingerprint(samples[j]);
      if (same != same_fp)
        return ::testing::AssertionFailure() << (same ? "equal values fingerprint differently: "
                                                      : "distinct values share a fingerprint: ")
                                             << to_text(samples[i]) << " and " << to_text(samples[j]);
      if (same != (compare(samples[j], samples[i]) == 0))
        return ::testing::AssertionFailure() << "compare is not symmetric for " << to_text(samples[i]);
    }
  return ::testing::AssertionSuccess();
}

}  // namespace weft::testing
