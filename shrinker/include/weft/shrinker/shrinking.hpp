// What shrinking did to a run: the figures a report, a trace's header and the command line print
// ("shrunk from 59 to 16 events in 0.40 s"). Apart from shrink.hpp so that reports can hold it cheaply.
#pragma once

#include <cstddef>

namespace weft::shrinker {

/// What shrinking did to a run.
struct Shrinking {
  std::size_t before = 0;      ///< events before
  std::size_t after = 0;       ///< events left
  std::size_t candidates = 0;  ///< runs tried
  std::size_t searched = 0;    ///< states looked at by the searches for shorter paths
  double seconds = 0;          ///< time taken
  bool minimal = true;         ///< false when a budget stopped it before 1-minimality
};

}  // namespace weft::shrinker
