// Histories of concurrent operations, the input of the linearizability checker (namespace weft::properties).
// Each operation is a client's call and, unless the client never heard back, its response, both stamped
// with logical times taken from one global order of events (for example the step index in a trace).
#pragma once

#include <weft/compare.hpp>
#include <weft/error.hpp>
#include <weft/print.hpp>
#include <weft/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace weft::properties {

/// One operation of a history: a call with its input and, if it returned, its output.
template <class Input, class Output>
struct Operation {
  BOOST_HANA_DEFINE_STRUCT(Operation,
    (std::uint32_t, client),          // who called (for explanations only)
    (Input, input),                   // what was asked
    (std::optional<Output>, output),  // what came back; none: pending, it may or may not have taken effect
    (std::uint64_t, call),            // logical time of the invocation
    (std::uint64_t, ret));            // logical time of the response (ignored while pending)

  /// True when the call returned, so its output is known and it took effect before `ret`.
  bool returned() const { return output.has_value(); }
};

/// A history: operations in any order; an operation's identity is its index.
template <class Input, class Output>
using History = std::vector<Operation<Input, Output>>;

/// Real-time order: `a` precedes `b` when `a` returned strictly before `b` was called.
/// Equal times count as concurrent, so an event order with ties loses no possible linearization.
template <class Input, class Output>
bool precedes(Operation<Input, Output> const& a, Operation<Input, Output> const& b) {
  return a.returned() && a.ret < b.call;
}

/// Throws weft::Error naming the first operation that returned before it was called, or a history too
/// large to index.
template <class Input, class Output>
void validate_history(History<Input, Output> const& history) {
  if (history.size() >= std::numeric_limits<std::uint32_t>::max() / 2)
    throw Error("history too large: " + std::to_string(history.size()) + " operations");
  for (std::size_t i = 0; i < history.size(); ++i) {
    auto const& op = history[i];
    if (op.returned() && op.ret < op.call)
      throw Error("operation #" + std::to_string(i) + " returns at time " + std::to_string(op.ret) +
                  ", before its call at time " + std::to_string(op.call));
  }
}

/// One readable line for operation `i`: `#3 client 1 [4, 9] write(2) -> ok` or `#5 client 0 [6, -] read pending`.
template <class Input, class Output>
std::string describe_operation(History<Input, Output> const& history, std::size_t i) {
  auto const& op = history[i];
  std::string out = "#" + std::to_string(i) + " client " + std::to_string(op.client) + " [" +
                    std::to_string(op.call) + ", " + (op.returned() ? std::to_string(op.ret) : "-") + "] ";
  print_to(out, op.input);
  if (op.returned()) {
    out += " -> ";
    print_to(out, *op.output);
  } else {
    out += " pending";
  }
  return out;
}

/// Builds a history from events in the order they happen, stamping each with the next logical time.
template <class Input, class Output>
class HistoryRecorder {
 public:
  /// Records a call; returns the operation's index, to pass to complete().
  std::size_t invoke(std::uint32_t client, Input input) {
    history_.push_back({client, std::move(input), std::nullopt, now_++, 0});
    return history_.size() - 1;
  }
  /// Records the response to operation `op`; throws weft::Error if it already returned.
  void complete(std::size_t op, Output output) {
    auto& o = history_.at(op);
    if (o.returned()) throw Error("operation #" + std::to_string(op) + " returned twice");
    o.output = std::move(output);
    o.ret = now_++;
  }
  /// The history so far: operations not completed are pending.
  History<Input, Output> const& history() const { return history_; }

 private:
  History<Input, Output> history_;
  std::uint64_t now_ = 0;
};

}  // namespace weft::properties
