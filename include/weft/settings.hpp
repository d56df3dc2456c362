// Protocol settings from a reflected struct: the `--set` keys a tool accepts, their defaults, help text,
// bounds and parsing all come from the struct (one BOOST_HANA_ADAPT_STRUCT line, its default member
// initialisers) and a description of each field, written beside it and found by argument-dependent lookup.
// The same keys are what trace headers, checkpoints and live logs record.
//
//   struct Settings { std::uint32_t clients = 2; bool bug_stale_release = false; weft::WorldSettings world; };
//   BOOST_HANA_ADAPT_STRUCT(lock::Settings, clients, bug_stale_release, world);
//   inline void weft_describe(weft::Describe<Settings>& d) {
//     d(&Settings::clients, "clients competing for the lock", {1, 4});
//     d(&Settings::bug_stale_release, "bug: a late Release frees the lock of its next holder");
//   }   // `world` is a nested reflected struct: its keys (delivery, drops, ...) are documented by its own
//       // weft_describe and appear without a prefix
//
// Values as typed: numbers in decimal, flags as 0/1 (or true/false, yes/no, on/off), enums by name, lists
// comma-separated. A type of one's own supplies `std::string weft_parse(std::string_view, T&)` (returning
// what is wrong, or "") and `std::string weft_format(T const&)` beside it.
#pragma once

#include <weft/enum.hpp>
#include <weft/error.hpp>
#include <weft/reflect.hpp>
#include <weft/traits.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

/// The bounds of a numeric setting (of each element, for a list), both included.
struct Bounds {
  std::int64_t min = 0;  ///< the smallest value allowed
  std::int64_t max = 0;  ///< the largest value allowed
};

/// One key as a tool shows it.
struct SettingKey {
  std::string name;         ///< as typed after --set
  std::string fallback;     ///< its default value, as typed
  std::string description;  ///< one line for `list`
  std::string values;       ///< what it accepts: "1 to 16", "unordered, duplicating or fifo", "0 or 1"
};

/// What weft_describe writes into: a description (and bounds) per field, named by member pointer.
template <class S>
class Describe {
 public:
  /// Documents `field`: what it means, and for numbers the bounds a value must lie in.
  template <class T>
  void operator()(T S::*field, std::string description, std::optional<Bounds> bounds = std::nullopt) {
    S const& probe = prototype();
    auto const at = reinterpret_cast<char const*>(&(probe.*field)) - reinterpret_cast<char const*>(&probe);
    docs_.push_back({static_cast<std::size_t>(at), std::move(description), bounds, false});
  }

  /// One described field: where it lies in S, and what was said of it.
  struct Doc {
    std::size_t offset;                 ///< byte offset of the field in S
    std::string description;            ///< the sentence
    std::optional<Bounds> bounds;       ///< numeric bounds
    bool used;                          ///< matched to a reflected field
  };
  /// The descriptions given, in order.
  std::vector<Doc>& docs() { return docs_; }
  /// The default-constructed S that offsets are measured on.
  static S const& prototype() {
    static S const probe{};
    return probe;
  }

 private:
  std::vector<Doc> docs_;
};

template <class S>
concept Described = requires(Describe<S>& d) { weft_describe(d); };

namespace detail {
template <class T>
concept HasSettingHooks = requires(std::string_view text, T& out, T const& in) {
  { weft_parse(text, out) } -> std::convertible_to<std::string>;
  { weft_format(in) } -> std::convertible_to<std::string>;
};

// A nested reflected struct without hooks of its own is a group of keys, flattened into its parent's.
template <class T>
concept SettingGroup = Reflected<T> && !HasSettingHooks<T>;

template <class T>
std::string format_setting(T const& v) {
  if constexpr (HasSettingHooks<T>) {
    return weft_format(v);
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? "1" : "0";
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(enum_name(v));
  } else if constexpr (std::is_arithmetic_v<T>) {
    char text[64];
    auto const end = std::to_chars(text, text + sizeof text, v).ptr;
    return std::string(text, end);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else if constexpr (traits::is_instance_of<T, std::vector>) {
    std::string out;
    for (auto const& x : v) {
      if (!out.empty()) out += ',';
      out += format_setting(x);
    }
    return out;
  } else {
    static_assert(sizeof(T) == 0,
                  "weft settings: a field of this type cannot be typed after --set. Use a number, bool, enum, "
                  "std::string or std::vector of them, a nested reflected struct, or give the type "
                  "`std::string weft_parse(std::string_view, T&)` and `std::string weft_format(T const&)`.");
    return {};
  }
}

// What values of T look like, for `list` and error messages.
template <class T>
std::string setting_values_text(std::optional<Bounds> const& b) {
  auto range = [&](auto lo, auto hi) { return std::to_string(lo) + " to " + std::to_string(hi); };
  if constexpr (HasSettingHooks<T>) {
    return "";  // the description says
  } else if constexpr (std::is_same_v<T, bool>) {
    return "0 or 1";
  } else if constexpr (std::is_enum_v<T>) {
    std::string out;
    auto const& values = enum_values<T>();
    for (std::size_t i = 0; i < values.size(); ++i)
      out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + std::string(enum_name(values[i]));
    return out;
  } else if constexpr (std::is_integral_v<T>) {
    return b ? range(b->min, b->max) : "a whole number";
  } else if constexpr (std::is_floating_point_v<T>) {
    return b ? range(b->min, b->max) : "a number";
  } else if constexpr (traits::is_instance_of<T, std::vector>) {
    std::string const item = setting_values_text<typename T::value_type>(b);
    return item.empty() ? "a comma-separated list" : "a comma-separated list of " + item;
  } else {
    return "text";
  }
}

inline std::optional<bool> parse_flag(std::string_view v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return std::nullopt;
}

// Parses `text` into `out`; returns what is wrong, or "".
template <class T>
std::string parse_setting(std::string_view text, T& out, std::optional<Bounds> const& b) {
  [[maybe_unused]] auto range = [](auto lo, auto hi) { return std::to_string(lo) + " to " + std::to_string(hi); };
  if constexpr (HasSettingHooks<T>) {
    return weft_parse(text, out);
  } else if constexpr (std::is_same_v<T, bool>) {
    auto flag = parse_flag(text);
    if (!flag) return "needs 0 or 1";
    out = *flag;
    return "";
  } else if constexpr (std::is_enum_v<T>) {
    for (T v : enum_values<T>())
      if (enum_name(v) == text) return out = v, "";
    return "needs " + setting_values_text<T>(b);
  } else if constexpr (std::is_arithmetic_v<T>) {
    T v{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    bool const whole = std::is_integral_v<T>;
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
      std::string const kind = whole ? "a whole number" : "a number";
      if (b) return "needs " + kind + " from " + setting_values_text<T>(b);
      return "needs " + kind + " from " + range(std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max());
    }
    if (b && (v < static_cast<T>(b->min) || v > static_cast<T>(b->max)))
      return "must be " + setting_values_text<T>(b);
    out = v;
    return "";
  } else if constexpr (std::is_same_v<T, std::string>) {
    out.assign(text);
    return "";
  } else if constexpr (traits::is_instance_of<T, std::vector>) {
    out.clear();
    for (std::size_t at = 0; at < text.size();) {
      std::size_t const comma = std::min(text.find(',', at), text.size());
      typename T::value_type item{};
      if (std::string why = parse_setting(text.substr(at, comma - at), item, b); !why.empty())
        return "item '" + std::string(text.substr(at, comma - at)) + "' " + why;
      out.push_back(std::move(item));
      at = comma + 1;
      if (comma + 1 == text.size()) return "ends with a comma";
    }
    return "";
  } else {
    (void)format_setting(out);  // the static_assert there says what is wrong
    return "cannot be set";
  }
}

template <class S>
struct DocTable {
  static std::vector<typename Describe<S>::Doc> const& get() {
    static std::vector<typename Describe<S>::Doc> const docs = [] {
      static_assert(Described<S>,
                    "weft settings: this settings struct needs `void weft_describe(weft::Describe<Settings>&)` "
                    "beside it, describing each field (see include/weft/settings.hpp)");
      Describe<S> d;
      weft_describe(d);
      return d.docs();
    }();
    return docs;
  }
};

// Calls f(name, field, doc) for every key of `s`, nested groups flattened, in declaration order.
template <class S, class F>
void walk_settings(S& s, F&& f) {
  auto const& docs = DocTable<std::remove_const_t<S>>::get();
  for_each_field(s, [&](char const* name, auto& field) {
    using T = std::remove_cvref_t<decltype(field)>;
    if constexpr (SettingGroup<T>) {
      walk_settings(field, f);
    } else {
      auto const at = static_cast<std::size_t>(reinterpret_cast<char const*>(&field) - reinterpret_cast<char const*>(&s));
      typename Describe<std::remove_const_t<S>>::Doc const* doc = nullptr;
      for (auto const& d : docs)
        if (d.offset == at) doc = &d;
      if (!doc)
        throw Error("the settings field '" + std::string(name) + "' of " + std::string(type_name<std::remove_const_t<S>>()) +
                    " has no description: add it to its weft_describe");
      f(std::string_view(name), field, *doc);
    }
  });
}
}  // namespace detail

/// Every key of S, in declaration order, with its default, description and accepted values. Throws
/// weft::Error when a field is undescribed or two keys share a name.
template <class S>
std::vector<SettingKey> setting_keys() {
  std::vector<SettingKey> keys;
  S defaults{};
  detail::walk_settings(defaults, [&](std::string_view name, auto const& field, auto const& doc) {
    using T = std::remove_cvref_t<decltype(field)>;
    for (auto const& k : keys)
      if (k.name == name) throw Error("two settings fields are called '" + std::string(name) + "'");
    keys.push_back({std::string(name), detail::format_setting(field), doc.description,
                    detail::setting_values_text<T>(doc.bounds)});
  });
  return keys;
}

/// Every key's value in `s`, as typed (for trace headers, reports and checkpoints).
template <class S>
std::map<std::string, std::string> setting_values(S const& s) {
  std::map<std::string, std::string> out;
  detail::walk_settings(s, [&](std::string_view name, auto const& field, auto const&) {
    out[std::string(name)] = detail::format_setting(field);
  });
  return out;
}

/// Sets key `key` of `s` to `value`; throws weft::Error naming the key when either is not acceptable.
template <class S>
void set_setting(S& s, std::string_view key, std::string_view value) {
  bool found = false;
  std::string known;
  detail::walk_settings(s, [&](std::string_view name, auto& field, auto const& doc) {
    known += (known.empty() ? "" : ", ") + std::string(name);
    if (name != key) return;
    found = true;
    if (std::string why = detail::parse_setting(value, field, doc.bounds); !why.empty())
      throw Error("configuration key '" + std::string(key) + "' " + why + ", got '" + std::string(value) + "'");
  });
  if (!found) throw Error("unknown configuration key '" + std::string(key) + "' (known: " + known + ")");
}

/// Applies `key=value` to `s`.
template <class S>
void set_setting(S& s, std::string_view assignment) {
  auto const eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw Error("--set expects key=value, got '" + std::string(assignment) + "'");
  set_setting(s, assignment.substr(0, eq), assignment.substr(eq + 1));
}

/// The settings with every value of `values` applied over the defaults.
template <class S>
S settings_from(std::map<std::string, std::string> const& values) {
  S s{};
  for (auto const& [k, v] : values) set_setting(s, k, v);
  return s;
}

}  // namespace weft
