// The strict half of reading JSON: before cereal loads a value, its parsed document is held to the type,
// member by member, so that what cereal would take loosely (a number where a flag belongs, 300 in a byte,
// 100 in an enum with three values, a missing field) is refused with the path of the offending value and
// what was expected there:
//
//   trace.json: steps[3].state.nodes[1].state.ClientState.phase: 100 is not one of idle, acquiring,
//   holding or releasing
//
// The shapes are cereal's JSON forms as weft writes them (serialize.hpp): a struct is an object of its
// fields, a variant an object with one member named after its alternative, an optional an object
// {"nullopt", "data"}, a map with string keys an object, any other map an array of {"key", "value"}, a
// pair {"first", "second"}, a tuple {"tuple_element0", ...}, a fixed-size array an object {"value0",
// ...}, a sequence or set an array.
#pragma once

#include <weft/data.hpp>
#include <weft/enum.hpp>
#include <weft/error.hpp>
#include <weft/node_id.hpp>
#include <weft/serialize.hpp>
#include <weft/settings.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <sstream>

#include <limits>
#include <string>

namespace weft {

namespace detail {

inline char const* json_kind(rapidjson::Value const& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a flag";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    default: return "a number";
  }
}

[[noreturn]] inline void json_refuse(std::string const& path, std::string const& what) {
  throw Error((path.empty() ? std::string("the value") : path) + ": " + what);
}

inline void json_expect(rapidjson::Value const& v, bool ok, std::string const& path, char const* expected) {
  if (!ok) json_refuse(path, std::string("expected ") + expected + ", got " + json_kind(v));
}

inline rapidjson::Value const& json_member(rapidjson::Value const& v, char const* name, std::string const& path) {
  auto const it = v.FindMember(name);
  if (it == v.MemberEnd()) json_refuse(path, std::string("has no member \"") + name + "\"");
  return it->value;
}

template <class T>
void check_json_value(rapidjson::Value const& v, std::string const& path);

// A std::map with string keys, written as a JSON object (serialize.hpp).
template <class T>
concept StringKeyed = traits::is_instance_of<T, std::map> && std::same_as<typename T::key_type, std::string>;

// An integer of type T: a JSON integer within T's range.
template <class T>
void check_json_integer(rapidjson::Value const& v, std::string const& path) {
  json_expect(v, v.IsInt64() || v.IsUint64(), path, "a whole number");
  bool const fits = std::is_signed_v<T>
                        ? v.IsInt64() && v.GetInt64() >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                              v.GetInt64() <= static_cast<std::int64_t>(std::numeric_limits<T>::max())
                        : v.IsUint64() && v.GetUint64() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  if (!fits) {
    std::string const text = v.IsInt64() ? std::to_string(v.GetInt64()) : std::to_string(v.GetUint64());
    json_refuse(path, text + " does not fit (" + std::to_string(std::numeric_limits<T>::min()) + " to " +
                          std::to_string(std::numeric_limits<T>::max()) + ")");
  }
}

template <class T>
void check_json_elements(rapidjson::Value const& v, std::string const& path) {
  json_expect(v, v.IsArray(), path, "an array");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) check_json_value<T>(v[i], path + "[" + std::to_string(i) + "]");
}

// Holding JSON to each shape (shape.hpp), as cereal writes it.
struct JsonChecker {
  rapidjson::Value const& v;
  std::string const& path;

  template <class T>
  void operator()(shape::Scalar, std::type_identity<T>) const {
    if constexpr (std::is_same_v<T, bool>) {
      json_expect(v, v.IsBool(), path, "true or false");
    } else if constexpr (std::is_enum_v<T>) {
      using U = std::underlying_type_t<T>;
      check_json_integer<U>(v, path);
      auto const value = static_cast<T>(std::is_signed_v<U> ? static_cast<U>(v.GetInt64()) : static_cast<U>(v.GetUint64()));
      if (!is_enumerator(value))
        json_refuse(path, std::to_string(static_cast<long long>(static_cast<U>(value))) + " is not one of " +
                              setting_values_text<T>(std::nullopt));
    } else if constexpr (std::is_same_v<T, NodeId>) {
      check_json_integer<std::uint32_t>(v, path);
    } else if constexpr (std::is_integral_v<T>) {
      check_json_integer<T>(v, path);
    } else {
      json_expect(v, v.IsNumber(), path, "a number");
    }
  }
  template <class T>
  void operator()(shape::Text, std::type_identity<T>) const { json_expect(v, v.IsString(), path, "a string"); }
  template <class T>
  void operator()(shape::Unit, std::type_identity<T>) const { json_expect(v, v.IsObject(), path, "an object"); }
  template <class T>
  void operator()(shape::Record, std::type_identity<T>) const {
    json_expect(v, v.IsObject(), path, "an object");
    T const* none = nullptr;
    boost::hana::for_each(boost::hana::accessors<T>(), [&](auto pair) {
      char const* name = boost::hana::to<char const*>(boost::hana::first(pair));
      using F = std::remove_cvref_t<decltype(boost::hana::second(pair)(*none))>;
      check_json_value<F>(json_member(v, name, path), path.empty() ? name : path + "." + name);
    });
  }
  template <class T>
  void operator()(shape::Maybe, std::type_identity<T>) const {
    json_expect(v, v.IsObject(), path, "an object {\"nullopt\": ...}");
    auto const& none = json_member(v, "nullopt", path);
    json_expect(none, none.IsBool(), path + ".nullopt", "true or false");
    if (!none.GetBool()) check_json_value<typename T::value_type>(json_member(v, "data", path), path);
  }
  template <class T>
  void operator()(shape::OneOf, std::type_identity<T>) const {
    json_expect(v, v.IsObject() && v.MemberCount() == 1, path, "an object with one member, the alternative");
    std::string const name = v.MemberBegin()->name.GetString();
    bool found = false;
    std::string known;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((known += (I ? ", " : "") + variant_label<T, I>(),
        !found && variant_label<T, I>() == name
            ? (found = true, check_json_value<std::variant_alternative_t<I, T>>(v.MemberBegin()->value, path + "." + name), 0)
            : 0),
       ...);
    }(std::make_index_sequence<std::variant_size_v<T>>{});
    if (!found) json_refuse(path, "unknown alternative '" + name + "' (expected one of: " + known + ")");
  }
  template <class T>
  void operator()(shape::Tuple, std::type_identity<T>) const {
    if constexpr (traits::is_instance_of<T, std::pair>) {
      json_expect(v, v.IsObject(), path, "an object {\"first\", \"second\"}");
      check_json_value<std::remove_cv_t<typename T::first_type>>(json_member(v, "first", path), path + ".first");
      check_json_value<typename T::second_type>(json_member(v, "second", path), path + ".second");
    } else {
      json_expect(v, v.IsObject(), path, "an object of tuple elements");
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (check_json_value<std::tuple_element_t<I, T>>(
             json_member(v, ("tuple_element" + std::to_string(I)).c_str(), path), path + "." + std::to_string(I)),
         ...);
      }(std::make_index_sequence<std::tuple_size_v<T>>{});
    }
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>)
  void operator()(S, std::type_identity<T>) const {
    if constexpr (StringKeyed<T>) {
      json_expect(v, v.IsObject(), path, "an object");
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
        check_json_value<typename T::mapped_type>(it->value, path + "." + it->name.GetString());
    } else {
      json_expect(v, v.IsArray(), path, "an array of {\"key\", \"value\"}");
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        std::string const at = path + "[" + std::to_string(i) + "]";
        json_expect(v[i], v[i].IsObject(), at, "an object {\"key\", \"value\"}");
        check_json_value<std::remove_cv_t<typename T::key_type>>(json_member(v[i], "key", at), at + ".key");
        check_json_value<typename T::mapped_type>(json_member(v[i], "value", at), at + ".value");
      }
    }
  }
  template <class T>
  void operator()(shape::Array, std::type_identity<T>) const {
    // cereal writes a fixed-size array as an object of its elements, "value0", "value1", ...
    constexpr std::size_t n = std::tuple_size_v<T>;
    json_expect(v, v.IsObject(), path, "an object of array elements");
    if (v.MemberCount() != n) json_refuse(path, "holds " + std::to_string(v.MemberCount()) + " elements, not " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
      std::string const name = "value" + std::to_string(i);
      check_json_value<typename T::value_type>(json_member(v, name.c_str(), path), path + "[" + std::to_string(i) + "]");
    }
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Sequence> || std::is_same_v<S, shape::Set> || std::is_same_v<S, shape::HashSet>)
  void operator()(S, std::type_identity<T>) const {
    check_json_elements<std::remove_cv_t<typename T::value_type>>(v, path);
  }
  template <class T>
  void operator()(shape::Opaque, std::type_identity<T>) const {}  // its own cereal functions check what they read
};

template <class T>
void check_json_value(rapidjson::Value const& v, std::string const& path) {
  JsonChecker{v, path}(shape_of<T>{}, std::type_identity<T>{});
}

}  // namespace detail

/// Holds the parsed JSON `v` to type T (see the banner); throws weft::Error with the path of the first
/// value that does not fit, starting from `path`.
template <class T>
void check_json(rapidjson::Value const& v, std::string const& path = "") {
  detail::check_json_value<T>(v, path);
}

/// Reads a value written by to_json, held to T first (check_json); throws weft::Error naming what is
/// wrong and where: a line and column for bad syntax, a path for a value that does not fit.
template <class T>
T from_json(std::string const& text, char const* name = "value") {
  rapidjson::Document dom;
  dom.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag>(
      text.c_str(), text.size());
  if (dom.HasParseError())
    throw Error("malformed JSON at offset " + std::to_string(dom.GetErrorOffset()) + ": " +
                rapidjson::GetParseError_En(dom.GetParseError()));
  if (!dom.IsObject()) throw Error("malformed JSON: the top level is not an object");
  check_json<T>(detail::json_member(dom, name, ""), "");
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

}  // namespace weft
