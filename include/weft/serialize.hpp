// Files: values as JSON (variants and string-keyed maps in a form readable in review) or portable binary
// (sizes held to the input). The hot path never includes this; cereal_types.hpp is what the canonical
// archives need.
#pragma once

#include <weft/cereal_types.hpp>
#include <weft/error.hpp>
#include <weft/reflect.hpp>

// rapidjson parses iteratively, so a deeply nested (corrupt or hostile) file cannot exhaust the stack.
#ifndef RAPIDJSON_PARSE_DEFAULT_FLAGS
#define RAPIDJSON_PARSE_DEFAULT_FLAGS kParseFullPrecisionFlag | kParseNanAndInfFlag | kParseIterativeFlag
#endif
#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>

#include <sstream>
#include <string_view>
#include <utility>
#include <string>
#include <variant>

namespace weft::detail {
// A variant alternative's name in JSON: its type's name without template arguments (`Deliver`, `Ping`),
// `none` for std::monostate, or `#2` where two alternatives would share a name.
template <class V, std::size_t I>
std::string variant_label() {
  auto base = [](std::size_t i) {
    std::string_view name;
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      ((i == J ? (name = type_name<std::variant_alternative_t<J, V>>(), 0) : 0), ...);
    }(std::make_index_sequence<std::variant_size_v<V>>{});
    if (name == "monostate") return std::string("none");
    if (name.starts_with("basic_string<char")) return std::string("string");
    return std::string(name.substr(0, name.find('<')));
  };
  std::string const mine = base(I);
  for (std::size_t j = 0; j < std::variant_size_v<V>; ++j)
    if (j != I && base(j) == mine) return "#" + std::to_string(I);
  return mine;
}
}  // namespace weft::detail

namespace cereal {
/// In JSON a variant is an object with one member named after its alternative: `{"Ping": {"seq": 0}}`,
/// readable in reviews (cereal's own form is an index and a value).
template <class V1, class... Vs>
void CEREAL_SAVE_FUNCTION_NAME(JSONOutputArchive& ar, std::variant<V1, Vs...> const& value) {
  using V = std::variant<V1, Vs...>;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((value.index() == I ? (ar(make_nvp(weft::detail::variant_label<V, I>(), *std::get_if<I>(&value))), 0) : 0), ...);
  }(std::index_sequence_for<V1, Vs...>{});
}

/// In JSON a map with string keys is an object: `{"drops": "1", "seed": "0"}` (cereal's own form is a
/// list of key/value pairs).
template <class V, class C, class A>
void CEREAL_SAVE_FUNCTION_NAME(JSONOutputArchive& ar, std::map<std::string, V, C, A> const& map) {
  for (auto const& [key, value] : map) ar(make_nvp(key, value));
}

/// Reads the JSON object form of a map with string keys.
template <class V, class C, class A>
void CEREAL_LOAD_FUNCTION_NAME(JSONInputArchive& ar, std::map<std::string, V, C, A>& map) {
  map.clear();
  while (char const* name = ar.getNodeName()) {
    std::string key = name;
    V value{};
    ar(make_nvp(key, value));
    map.emplace(std::move(key), std::move(value));
  }
}

}  // namespace cereal

namespace weft::detail {
// While from_portable_binary reads, the size of its input: no container read from it can hold more
// elements than it has bytes, so a corrupt or hostile size fails before it allocates (cereal's own
// loaders resize first, and a datagram of 20 bytes could ask for gigabytes).
inline thread_local std::uint64_t portable_input_bytes = ~std::uint64_t{0};

/// While it lives, portable binary reads on this thread may hold at most `bytes` elements per container
/// (the size of their input); the outer bound returns after, since reads may nest.
struct PortableBound {
  std::uint64_t saved = portable_input_bytes;
  explicit PortableBound(std::uint64_t bytes) { portable_input_bytes = bytes; }
  PortableBound(PortableBound const&) = delete;
  PortableBound& operator=(PortableBound const&) = delete;
  ~PortableBound() { portable_input_bytes = saved; }
};

inline std::size_t checked_portable_size(std::uint64_t n) {
  if (n > portable_input_bytes)
    throw cereal::Exception("a size of " + std::to_string(n) + " in an input of " + std::to_string(portable_input_bytes) +
                            " bytes");
  return static_cast<std::size_t>(n);
}
}  // namespace weft::detail

namespace cereal {
/// Portable binary vectors, with their size checked against the input (more specialised than cereal's).
template <class T, class A>
  requires(!std::is_same_v<T, bool>)
void CEREAL_LOAD_FUNCTION_NAME(PortableBinaryInputArchive& ar, std::vector<T, A>& v) {
  size_type n = 0;
  ar(make_size_tag(n));
  v.resize(weft::detail::checked_portable_size(n));
  if constexpr (std::is_arithmetic_v<T>) ar(binary_data(v.data(), v.size() * sizeof(T)));
  else for (auto& x : v) ar(x);
}

/// Portable binary deques, with their size checked against the input.
template <class T, class A>
void CEREAL_LOAD_FUNCTION_NAME(PortableBinaryInputArchive& ar, std::deque<T, A>& d) {
  size_type n = 0;
  ar(make_size_tag(n));
  d.resize(weft::detail::checked_portable_size(n));
  for (auto& x : d) ar(x);
}

/// Portable binary strings, with their size checked against the input.
template <class Traits, class A>
void CEREAL_LOAD_FUNCTION_NAME(PortableBinaryInputArchive& ar, std::basic_string<char, Traits, A>& s) {
  size_type n = 0;
  ar(make_size_tag(n));
  s.resize(weft::detail::checked_portable_size(n));
  ar(binary_data(s.data(), s.size()));
}

/// Reads the JSON form written above; an unknown alternative name is an error naming the choices.
template <class V1, class... Vs>
void CEREAL_LOAD_FUNCTION_NAME(JSONInputArchive& ar, std::variant<V1, Vs...>& value) {
  using V = std::variant<V1, Vs...>;
  char const* name = ar.getNodeName();
  if (!name) throw Exception("a variant needs one member named after its alternative");
  std::string const wanted = name;
  bool found = false;
  std::string known;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      std::string const label = weft::detail::variant_label<V, J>();
      known += (known.empty() ? "" : ", ") + label;
      if (found || label != wanted) return;
      found = true;
      if (value.index() != J) value.template emplace<J>();
      ar(make_nvp(label, *std::get_if<J>(&value)));
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::index_sequence_for<V1, Vs...>{});
  if (!found) throw Exception("unknown alternative '" + wanted + "' (expected one of: " + known + ")");
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
  detail::PortableBound const bound(bytes.size());
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
