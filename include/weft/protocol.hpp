// A protocol as tools and tests know it: a name, a one-line summary, reflected Settings (see settings.hpp)
// and a factory from settings to a model, usually a World with its properties. Declared once, it is what
// the protocol's command-line tool registers (weft::cli), what its tests build their models from (so that
// a counterexample is saved as a trace the tool can replay), and what nightly plans name.
//
//   inline auto const protocol = weft::protocol<Settings>("lock", "a lock service with retried requests",
//       [](Settings const& s) { auto w = make_world(s); add_properties(w); return w; });
//
//   auto const lock = protocol({.clients = 3});     // a weft::Configured<World>: the model, named
//   EXPECT_TRUE(weft::checker::all_hold(lock));     // a failure saves `lock`'s counterexample as a trace
#pragma once

#include <weft/model.hpp>
#include <weft/settings.hpp>

#include <map>
#include <string>
#include <type_traits>
#include <utility>

namespace weft {

/// A model together with the protocol name and configuration it was built from: enough to write a trace
/// that the protocol's tool replays (`TOOL replay FILE` rebuilds the same model from the trace's header).
template <Model M>
struct Configured {
  M model;                                       ///< the model itself
  std::string protocol;                          ///< the protocol's name, as its tool knows it
  std::map<std::string, std::string> config;     ///< every settings key's value
  std::map<std::string, std::string> defaults;   ///< the defaults (trace file names list what differs)
};

/// A protocol: its name, summary, Settings type and factory. Make one with weft::protocol<Settings>(...).
template <class S, class F>
class ProtocolDef {
 public:
  /// The reflected settings type.
  using Settings = S;
  /// The model the factory builds.
  using Model = std::remove_cvref_t<std::invoke_result_t<F const&, S const&>>;
  static_assert(weft::Model<Model>, "weft::protocol: the factory must return a weft::Model (a World, say)");

  /// A protocol called `name` (letters, digits, `_` and `-`) whose models `make` builds from settings.
  ProtocolDef(std::string name, std::string summary, F make)
      : name_(std::move(name)), summary_(std::move(summary)), make_(std::move(make)) {
    if (name_.empty() || name_.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
                             std::string::npos)
      throw Error("protocol name '" + name_ + "': use letters, digits, '_' and '-' only");
  }

  /// The name, as typed after `check`.
  std::string const& name() const { return name_; }
  /// One line for `list`.
  std::string const& summary() const { return summary_; }
  /// The model of `settings`.
  Model make(S const& settings) const { return make_(settings); }
  /// The model of `settings`, named for traces.
  Configured<Model> operator()(S const& settings = S{}) const {
    return {make_(settings), name_, setting_values(settings), setting_values(S{})};
  }

 private:
  std::string name_;
  std::string summary_;
  F make_;
};

/// Declares a protocol: `weft::protocol<Settings>("name", "summary", factory)`.
template <class S, class F>
ProtocolDef<S, std::decay_t<F>> protocol(std::string name, std::string summary, F&& make) {
  return {std::move(name), std::move(summary), std::forward<F>(make)};
}

}  // namespace weft
