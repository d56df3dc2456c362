// The explorer's page: one self-contained HTML document (style and script inline, no network beyond its
// own server's API, run_explore.hpp). Kept in a source file of its own so that editing it rebuilds one
// file, not every protocol's entry.
#pragma once

#include <string_view>

namespace weft::cli {

/// The page `weft explore` serves at `/`.
std::string_view explore_page();

}  // namespace weft::cli
