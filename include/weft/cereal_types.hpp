// cereal's support for reflected structs and the standard types, without any archive: what the canonical
// archives (canonical_archive.hpp) and the file formats (serialize.hpp) share. A reflected struct needs no
// cereal function of its own:
//
//   struct Ping { BOOST_HANA_DEFINE_STRUCT(Ping, (int, seq)); };
//   archive(ping);   // writes `seq`, named after the member where the archive keeps names
#pragma once

#include <weft/reflect.hpp>

#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/common.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/unordered_set.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

namespace cereal {
/// Every reflected struct serialises field by field, each field named after its member.
template <class Archive, weft::Reflected T>
void serialize(Archive& ar, T& value) {
  weft::for_each_field(value, [&](char const* name, auto& field) { ar(cereal::make_nvp(name, field)); });
}
}  // namespace cereal
