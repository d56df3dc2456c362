// Sequential specifications for the linearizability checker (namespace weft::properties): what a single
// copy of an object may answer, as a state machine over reflected states. Ready-made: a read/write register
// and a key-value map partitioned by key.
#pragma once

#include <weft/properties/history.hpp>

#include <weft/reflect.hpp>

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <ranges>
#include <string>

namespace weft::properties {

namespace detail {
template <class S>
concept HasSpecTypes = requires {
  typename S::State;
  typename S::Input;
  typename S::Output;
};
template <class S>
concept HasInit = requires(S const& s) {
  { s.init() } -> std::same_as<typename S::State>;
};
template <class S>
concept HasStep = requires(S const& s, typename S::State const& st, typename S::Input const& in,
                           typename S::Output const& out) {
  { s.step(st, in, out) } -> std::same_as<std::optional<typename S::State>>;
};
// step_pending may answer one state or, for a nondeterministic spec, a range of them.
template <class R, class State>
concept PendingSuccessors = std::same_as<R, std::optional<State>> ||
                            (std::ranges::input_range<R> && std::same_as<std::ranges::range_value_t<R>, State>);
template <class S>
concept DeclaresStepPending = requires { &S::step_pending; };
template <class S>
concept DeclaresPartitionKey = requires { &S::partition_key; };
}  // namespace detail

/// A sequential specification: `State` (reflected, so it fingerprints), `Input`, `Output`,
/// `State init() const` and `std::optional<State> step(State const&, Input const&, Output const&) const`,
/// which answers the state after the operation, or none when that output is not legal in that state.
/// Optional members: see HasStepPending and HasPartitionKey. check_spec<S>() spells each signature out.
template <class S>
concept SequentialSpec = detail::HasSpecTypes<S> && Reflected<typename S::State> && detail::HasInit<S> &&
                         detail::HasStep<S>;

/// A spec that can apply an operation whose output was never observed (a pending call):
/// `step_pending(State const&, Input const&) const` answers `std::optional<State>` (none: it cannot take
/// effect here), or a range of States when several outcomes are possible. Needed only for histories with
/// pending operations.
template <class S>
concept HasStepPending = SequentialSpec<S> && requires(S const& s, typename S::State const& st,
                                                       typename S::Input const& in) {
  { s.step_pending(st, in) } -> detail::PendingSuccessors<typename S::State>;
};

/// A spec whose operations on different keys never interact (P-compositionality):
/// `Key partition_key(Input const&) const`, Key ordered by weft::compare. The checker then checks each
/// key's sub-history on its own, which turns one exponential search into many small ones.
template <class S>
concept HasPartitionKey = SequentialSpec<S> && requires(S const& s, typename S::Input const& in) {
  s.partition_key(in);
};

/// Explains, one requirement at a time, why S is not a SequentialSpec: `static_assert(check_spec<S>())`.
template <class S>
consteval bool check_spec() {
  static_assert(detail::HasSpecTypes<S>,
                "weft::properties::SequentialSpec needs `using State = ...; using Input = ...; using Output = ...;`");
  if constexpr (detail::HasSpecTypes<S>) {
    static_assert(Reflected<typename S::State>,
                  "weft::properties::SequentialSpec needs a reflected State: BOOST_HANA_DEFINE_STRUCT(State, ...)");
    static_assert(detail::HasInit<S>, "weft::properties::SequentialSpec needs `State init() const`");
    static_assert(detail::HasStep<S>,
                  "weft::properties::SequentialSpec needs "
                  "`std::optional<State> step(State const&, Input const&, Output const&) const`");
    static_assert(!detail::DeclaresStepPending<S> || HasStepPending<S>,
                  "weft::properties: step_pending must be `std::optional<State> step_pending(State const&, "
                  "Input const&) const` (or answer a range of State)");
    static_assert(!detail::DeclaresPartitionKey<S> || HasPartitionKey<S>,
                  "weft::properties: partition_key must be `Key partition_key(Input const&) const`");
  }
  return SequentialSpec<S>;
}

/// The history type a spec checks.
template <SequentialSpec S>
using SpecHistory = History<typename S::Input, typename S::Output>;

/// The two register operations.
enum class RegisterOp : std::uint8_t { read, write };

/// The printed name of a register operation.
inline std::string to_string(RegisterOp op) { return op == RegisterOp::read ? "read" : "write"; }

/// A register call: read, or write(value).
struct RegisterInput {
  BOOST_HANA_DEFINE_STRUCT(RegisterInput, (RegisterOp, op), (std::uint32_t, value));
  /// A read.
  static RegisterInput read() { return {RegisterOp::read, 0}; }
  /// A write of `v`.
  static RegisterInput write(std::uint32_t v) { return {RegisterOp::write, v}; }
};

/// Prints `read` or `write(3)`.
inline void weft_print(std::string& out, RegisterInput const& in) {
  out += to_string(in.op);
  if (in.op == RegisterOp::write) out += "(" + std::to_string(in.value) + ")";
}

/// A register (or map) response: the value read, or none for a write's acknowledgement.
struct RegisterOutput {
  BOOST_HANA_DEFINE_STRUCT(RegisterOutput, (std::optional<std::uint32_t>, value));
  /// A write's acknowledgement.
  static RegisterOutput ok() { return {std::nullopt}; }
  /// A read that returned `v`.
  static RegisterOutput of(std::uint32_t v) { return {v}; }
};

/// Prints the value read, or `ok`.
inline void weft_print(std::string& out, RegisterOutput const& o) {
  out += o.value ? std::to_string(*o.value) : "ok";
}

/// A register's state: its value.
struct RegisterState {
  BOOST_HANA_DEFINE_STRUCT(RegisterState, (std::uint32_t, value));
};

/// A single read/write register holding a std::uint32_t. A write's output is not checked.
struct RegisterSpec {
  using State = RegisterState;
  using Input = RegisterInput;
  using Output = RegisterOutput;

  std::uint32_t initial = 0;  ///< the value before any write

  /// The register before any operation.
  State init() const { return {initial}; }
  /// A write sets the value; a read must return it.
  std::optional<State> step(State const& s, Input const& in, Output const& out) const {
    if (in.op == RegisterOp::write) return State{in.value};
    if (out.value == s.value) return s;
    return std::nullopt;
  }
  /// A pending write may set the value; a pending read changes nothing, so leaving it out covers it.
  std::optional<State> step_pending(State const&, Input const& in) const {
    if (in.op == RegisterOp::write) return State{in.value};
    return std::nullopt;
  }
};

/// The two map operations.
enum class KvOp : std::uint8_t { get, put };

/// A map call: get(key), or put(key, value).
struct KvInput {
  BOOST_HANA_DEFINE_STRUCT(KvInput, (KvOp, op), (std::uint32_t, key), (std::uint32_t, value));
  /// A read of `key`.
  static KvInput get(std::uint32_t key) { return {KvOp::get, key, 0}; }
  /// A write of `v` to `key`.
  static KvInput put(std::uint32_t key, std::uint32_t v) { return {KvOp::put, key, v}; }
};

/// Prints `get(1)` or `put(1, 3)`.
inline void weft_print(std::string& out, KvInput const& in) {
  out += in.op == KvOp::get ? "get(" + std::to_string(in.key) + ")"
                            : "put(" + std::to_string(in.key) + ", " + std::to_string(in.value) + ")";
}

/// A map's state: the keys written so far and their values.
struct KvState {
  BOOST_HANA_DEFINE_STRUCT(KvState, (std::map<std::uint32_t, std::uint32_t>, values));
};

/// A map from std::uint32_t keys to std::uint32_t values, every key starting at `initial`.
/// Keys are independent registers, so the checker splits a history by key.
struct KvSpec {
  using State = KvState;
  using Input = KvInput;
  using Output = RegisterOutput;

  std::uint32_t initial = 0;  ///< every key's value before any put

  /// The map before any operation.
  State init() const { return {}; }
  /// A put sets the key's value; a get must return it.
  std::optional<State> step(State const& s, Input const& in, Output const& out) const {
    if (in.op == KvOp::put) return put(s, in);
    if (out.value == value(s, in.key)) return s;
    return std::nullopt;
  }
  /// A pending put may take effect; a pending get changes nothing.
  std::optional<State> step_pending(State const& s, Input const& in) const {
    if (in.op == KvOp::put) return put(s, in);
    return std::nullopt;
  }
  /// Operations on different keys commute.
  std::uint32_t partition_key(Input const& in) const { return in.key; }

 private:
  std::uint32_t value(State const& s, std::uint32_t key) const {
    auto it = s.values.find(key);
    return it == s.values.end() ? initial : it->second;
  }
  static State put(State s, Input const& in) {
    s.values[in.key] = in.value;
    return s;
  }
};

}  // namespace weft::properties
