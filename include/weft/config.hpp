// Protocol configuration: the `--set key=value` pairs a user passes, checked against the keys a protocol
// declares, with typed access and declared defaults.
#pragma once

#include <weft/error.hpp>

#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace weft {

/// A configuration key a protocol understands.
struct ConfigKey {
  std::string name;         ///< as typed after --set
  std::string fallback;     ///< the value when not set
  std::string description;  ///< one line for `weft list`
};

/// Key/value settings for one protocol instance; unknown keys and ill-typed values are errors.
class Config {
 public:
  Config() = default;
  /// A configuration that accepts exactly `keys`.
  explicit Config(std::vector<ConfigKey> keys) : keys_(std::move(keys)) {}

  /// Applies `key=value`.
  void set(std::string const& assignment) {
    auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw Error("--set expects key=value, got '" + assignment + "'");
    set(assignment.substr(0, eq), assignment.substr(eq + 1));
  }
  /// Sets `key` to `value`.
  void set(std::string const& key, std::string const& value) {
    find(key);
    values_[key] = value;
  }
  /// The value of `key` as text.
  std::string text(std::string const& key) const {
    auto it = values_.find(key);
    return it != values_.end() ? it->second : find(key).fallback;
  }
  /// The value of `key` as an unsigned number.
  std::uint64_t number(std::string const& key) const {
    std::string const v = text(key);
    std::uint64_t out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || end != v.data() + v.size() || v.empty())
      throw Error("configuration key '" + key + "' needs a whole number, got '" + v + "'");
    return out;
  }
  /// The value of `key` as a flag (1/0, true/false, yes/no, on/off).
  bool flag(std::string const& key) const {
    std::string const v = text(key);
    if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
    if (v == "0" || v == "false" || v == "no" || v == "off") return false;
    throw Error("configuration key '" + key + "' needs 0 or 1, got '" + v + "'");
  }
  /// The declared keys.
  std::vector<ConfigKey> const& keys() const { return keys_; }
  /// Every key with its effective value, in declaration order (for reports and traces).
  std::map<std::string, std::string> values() const {
    std::map<std::string, std::string> out;
    for (auto const& k : keys_) out[k.name] = text(k.name);
    return out;
  }

 private:
  ConfigKey const& find(std::string const& key) const {
    for (auto const& k : keys_)
      if (k.name == key) return k;
    std::string known;
    for (auto const& k : keys_) known += (known.empty() ? "" : ", ") + k.name;
    throw Error("unknown configuration key '" + key + "' (known: " + (known.empty() ? "none" : known) + ")");
  }

  std::vector<ConfigKey> keys_;
  std::map<std::string, std::string> values_;
};

}  // namespace weft
