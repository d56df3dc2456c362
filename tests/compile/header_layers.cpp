// The process API and the simulated world stay light: a protocol's processes compile without cereal or
// rapidjson, and the world (fingerprints, canonical encoding) without the JSON archive. Compiled alone by
// expect_compiles.cmake, which fails when a #error below fires.
#include <weft/process.hpp>

#if defined(CEREAL_CEREAL_HPP_) || defined(RAPIDJSON_RAPIDJSON_H_)
#error "weft/process.hpp pulls cereal or rapidjson"
#endif

#include <weft/world.hpp>

#if defined(CEREAL_ARCHIVES_JSON_HPP_) || defined(RAPIDJSON_RAPIDJSON_H_)
#error "weft/world.hpp pulls the JSON archive or rapidjson"
#endif

int main() {}
