// cereal serialisation for reflected structs, and helpers that write values as JSON or portable binary.
#pragma once

#include <weft/error.hpp>
#include <weft/reflect.hpp>

#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>
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

#include <sstream>
#include <string>
#include <variant>

namespace cereal {
/// Every reflected struct serialises field by field, each field named after its member.
template <class Archive, weft::Reflected T>
void serialize(Archive& ar, T& value) {
  weft::for_each_field(value, [&](char const* name, auto& field) { ar(cereal::make_nvp(name, field)); });
}
}  // namespace cereal

namespace weft {

/// Writes a value as indented JSON, fields named after the struct's members.
template <class T>
std::string to_json(T const& value, char const* name = "value") {
  std::ostringstream out;
  {
    cereal::JSONOutputArchive ar(out);
    ar(cereal::make_nvp(name, value));
  }
  return out.str();
}

/// Reads a value written by to_json; throws weft::Error naming what is wrong.
template <class T>
T from_json(std::string const& text, char const* name = "value") {
  T value{};
  try {
    std::istringstream in(text);
    cereal::JSONInputArchive ar(in);
    ar(cereal::make_nvp(name, value));
  } catch (std::exception const& e) {
    throw Error(std::string("malformed JSON: ") + e.what());
  }
  return value;
}

/// Writes a value in cereal's portable binary format (explicit little-endian byte order).
template <class T>
std::string to_portable_binary(T const& value) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(value);
  }
  return out.str();
}

/// Reads a value written by to_portable_binary; throws weft::Error on truncated or malformed input.
template <class T>
T from_portable_binary(std::string const& bytes) {
  T value{};
  try {
    std::istringstream in(bytes, std::ios::binary);
    cereal::PortableBinaryInputArchive ar(in);
    ar(value);
  } catch (std::exception const& e) {
    throw Error(std::string("malformed binary data: ") + e.what());
  }
  return value;
}

}  // namespace weft
