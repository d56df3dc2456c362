// Linearizability: register histories with verdicts worked out by hand (including Porcupine's and
// Knossos's examples), agreement with a brute-force reference on random histories, nondeterministic and
// partitioned specs, explanations, and the step budget.
#include <weft/properties/linearizability.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <weft/testing/type_check.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using weft::properties::check_linearizable;
using weft::properties::HistoryRecorder;
using weft::properties::KvInput;
using weft::properties::KvSpec;
using weft::properties::LinearizabilityOptions;
using weft::properties::LinearizabilityResult;
using weft::properties::RegisterInput;
using weft::properties::RegisterOp;
using weft::properties::RegisterOutput;
using weft::properties::RegisterSpec;
using weft::properties::Verdict;

using RegOp = weft::properties::Operation<RegisterInput, RegisterOutput>;
using RegHistory = weft::properties::SpecHistory<RegisterSpec>;
using KvHistory = weft::properties::SpecHistory<KvSpec>;

static_assert(weft::properties::check_spec<RegisterSpec>());
static_assert(weft::properties::check_spec<KvSpec>());
static_assert(weft::properties::HasStepPending<RegisterSpec>);
static_assert(weft::properties::HasPartitionKey<KvSpec>);
static_assert(!weft::properties::HasPartitionKey<RegisterSpec>);

// ---- shorthands -------------------------------------------------------------------------------------

RegOp write(std::uint32_t client, std::uint32_t v, std::uint64_t call, std::uint64_t ret) {
  return {client, RegisterInput::write(v), RegisterOutput::ok(), call, ret};
}
RegOp read(std::uint32_t client, std::uint32_t v, std::uint64_t call, std::uint64_t ret) {
  return {client, RegisterInput::read(), RegisterOutput::of(v), call, ret};
}
RegOp pending_write(std::uint32_t client, std::uint32_t v, std::uint64_t call) {
  return {client, RegisterInput::write(v), std::nullopt, call, 0};
}
RegOp pending_read(std::uint32_t client, std::uint64_t call) {
  return {client, RegisterInput::read(), std::nullopt, call, 0};
}

Verdict verdict(RegHistory const& h, std::uint32_t initial = 0) {
  return check_linearizable(RegisterSpec{initial}, h).verdict;
}

// ---- an independent reference ---------------------------------------------------------------------

// Hand-written register semantics, sharing no code with RegisterSpec.
bool register_replay(RegHistory const& h, std::vector<std::size_t> const& order) {
  std::uint32_t value = 0;
  for (std::size_t i : order) {
    auto const& op = h[i];
    if (op.input.op == RegisterOp::write) value = op.input.value;
    else if (op.returned() && op.output->value != value) return false;
  }
  return true;
}

// Hand-written map semantics, every key starting at 0.
bool kv_replay(KvHistory const& h, std::vector<std::size_t> const& order) {
  std::map<std::uint32_t, std::uint32_t> values;
  for (std::size_t i : order) {
    auto const& op = h[i];
    if (op.input.op == weft::properties::KvOp::put) values[op.input.key] = op.input.value;
    else if (op.returned() && op.output->value != values[op.input.key]) return false;
  }
  return true;
}

template <class H>
bool respects_real_time(H const& h, std::vector<std::size_t> const& order) {
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size(); ++j)
      if (weft::properties::precedes(h[order[j]], h[order[i]])) return false;
  return true;
}

// Every choice of pending operations to include, every permutation of the included ones.
template <class H, class Replay>
bool brute_force_linearizable(H const& h, Replay replay) {
  std::vector<std::size_t> completed, pending;
  for (std::size_t i = 0; i < h.size(); ++i) (h[i].returned() ? completed : pending).push_back(i);
  for (std::uint32_t mask = 0; mask < (1u << pending.size()); ++mask) {
    std::vector<std::size_t> chosen = completed;
    for (std::size_t k = 0; k < pending.size(); ++k)
      if (mask & (1u << k)) chosen.push_back(pending[k]);
    std::sort(chosen.begin(), chosen.end());
    do {
      if (respects_real_time(h, chosen) && replay(h, chosen)) return true;
    } while (std::next_permutation(chosen.begin(), chosen.end()));
  }
  return false;
}

// Empty when `order` is a linearization of `h` (complete: every returned operation in it), else why not.
template <class H, class Replay>
std::string linearization_error(H const& h, std::vector<std::size_t> const& order, Replay replay, bool complete) {
  std::vector<int> seen(h.size(), 0);
  for (std::size_t i : order) {
    if (i >= h.size()) return "index out of range";
    if (seen[i]++) return "operation #" + std::to_string(i) + " twice";
  }
  for (std::size_t i = 0; i < h.size() && complete; ++i)
    if (h[i].returned() && !seen[i]) return "returned operation #" + std::to_string(i) + " missing";
  if (!respects_real_time(h, order)) return "real-time order violated";
  if (!replay(h, order)) return "does not replay";
  // A prefix must also be closed downwards: nothing left out may have returned before something taken.
  for (std::size_t y = 0; y < h.size(); ++y)
    for (std::size_t x : order)
      if (!seen[y] && weft::properties::precedes(h[y], h[x]))
        return "#" + std::to_string(y) + " precedes #" + std::to_string(x) + " but is left out";
  return "";
}

// ---- random histories -------------------------------------------------------------------------------

// 2-3 clients, each calling one operation at a time, up to `max_ops` operations in all; about one call in
// six is never answered (its client timed out and moved on, as Jepsen's do). Times are then squeezed by a
// random monotone map, so that responses and calls sometimes coincide. `pick(lo, hi)` draws from [lo, hi].
template <class In, class Out, class Pick, class MakeInput, class MakeOutput>
weft::properties::History<In, Out> random_history(Pick pick, std::uint32_t max_ops, MakeInput make_input,
                                                  MakeOutput make_output) {
  std::uint32_t const clients = pick(2, 3);
  std::uint32_t const total = pick(1, max_ops);
  HistoryRecorder<In, Out> rec;
  std::vector<std::optional<std::size_t>> busy(clients);
  std::uint32_t started = 0;
  while (true) {
    std::vector<std::uint32_t> able;
    for (std::uint32_t c = 0; c < clients; ++c)
      if (busy[c] || started < total) able.push_back(c);
    if (able.empty()) break;
    std::uint32_t const c = able[pick(0, static_cast<std::uint32_t>(able.size() - 1))];
    if (!busy[c]) {
      busy[c] = rec.invoke(c, make_input(pick));
      ++started;
    } else if (pick(0, 5) == 0) {
      busy[c].reset();  // timed out: left pending
    } else {
      rec.complete(*busy[c], make_output(pick, rec.history()[*busy[c]].input));
      busy[c].reset();
    }
  }
  auto h = rec.history();
  std::vector<std::uint64_t> squeezed(2 * h.size() + 1, 0);
  for (std::size_t t = 1; t < squeezed.size(); ++t) squeezed[t] = squeezed[t - 1] + pick(0, 1);
  for (auto& op : h) {
    op.call = squeezed[op.call];
    if (op.returned()) op.ret = squeezed[op.ret];
  }
  return h;
}

template <class Pick>
RegHistory random_register_history(Pick pick, std::uint32_t max_ops = 7) {
  return random_history<RegisterInput, RegisterOutput>(
      pick, max_ops,
      [](auto& p) { return p(0, 1) == 0 ? RegisterInput::read() : RegisterInput::write(p(1, 2)); },
      [](auto& p, RegisterInput const& in) {
        return in.op == RegisterOp::read ? RegisterOutput::of(p(0, 2)) : RegisterOutput::ok();
      });
}

template <class Pick>
KvHistory random_kv_history(Pick pick) {
  return random_history<KvInput, RegisterOutput>(
      pick, 7, [](auto& p) { return p(0, 1) == 0 ? KvInput::get(p(0, 1)) : KvInput::put(p(0, 1), p(1, 2)); },
      [](auto& p, KvInput const& in) {
        return in.op == weft::properties::KvOp::get ? RegisterOutput::of(p(0, 2)) : RegisterOutput::ok();
      });
}

// At full size throughout: RapidCheck scales inRange by the test's size, which would make most histories tiny.
auto const rc_pick = [](std::uint32_t lo, std::uint32_t hi) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::uint32_t>(lo, hi + 1));
};

struct StdPick {
  std::mt19937_64* rng;
  std::uint32_t operator()(std::uint32_t lo, std::uint32_t hi) const {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(*rng);
  }
};

// A history of a real atomic register: each operation takes effect at a random moment between its call
// and its response, so the history is linearizable by construction.
RegHistory atomic_register_history(std::mt19937_64& rng, std::uint32_t clients, std::uint32_t ops) {
  StdPick pick{&rng};
  HistoryRecorder<RegisterInput, RegisterOutput> rec;
  std::uint32_t value = 0, started = 0, next_value = 1;
  struct Call { std::size_t op; std::optional<RegisterOutput> effect; };
  std::vector<std::optional<Call>> busy(clients);
  while (started < ops || std::any_of(busy.begin(), busy.end(), [](auto const& b) { return b.has_value(); })) {
    std::uint32_t const c = pick(0, clients - 1);
    auto& b = busy[c];
    if (!b && started < ops) {
      bool const is_read = pick(0, 1) == 0;
      b = Call{rec.invoke(c, is_read ? RegisterInput::read() : RegisterInput::write(next_value++)), {}};
      ++started;
    } else if (b && !b->effect) {
      auto const& in = rec.history()[b->op].input;
      if (in.op == RegisterOp::write) value = in.value;
      b->effect = in.op == RegisterOp::write ? RegisterOutput::ok() : RegisterOutput::of(value);
    } else if (b) {
      rec.complete(b->op, *b->effect);
      b.reset();
    }
  }
  return rec.history();
}

// ---- hand-made register histories -------------------------------------------------------------------

TEST(Linearizability, SequentialHistoryIsLinearizableInItsOwnOrder) {
  RegHistory const h{read(0, 0, 0, 1), write(0, 1, 2, 3), read(1, 1, 4, 5), write(1, 2, 6, 7), read(0, 2, 8, 9)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::linearizable) << result.describe();
  EXPECT_EQ(result.order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_NE(result.describe().find("linearizable: 5 operations"), std::string::npos) << result.describe();
}

TEST(Linearizability, EmptyAndAllPendingHistoriesAreLinearizable) {
  EXPECT_EQ(verdict({}), Verdict::linearizable);
  auto const result = check_linearizable(RegisterSpec{}, RegHistory{pending_write(0, 1, 0), pending_read(1, 1)});
  EXPECT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_TRUE(result.order.empty());
}

TEST(Linearizability, ConcurrentWritesTakeEffectInEitherOrder) {
  RegOp const w1 = write(0, 1, 0, 10), w2 = write(1, 2, 1, 11);
  EXPECT_EQ(verdict({w1, w2, read(2, 1, 12, 13), read(2, 1, 14, 15)}), Verdict::linearizable);
  EXPECT_EQ(verdict({w1, w2, read(2, 2, 12, 13), read(2, 2, 14, 15)}), Verdict::linearizable);
  // Once both writes are over, the register cannot change any more.
  EXPECT_EQ(verdict({w1, w2, read(2, 1, 12, 13), read(2, 2, 14, 15)}), Verdict::not_linearizable);
  // A read during the writes may see the one that ends up overwritten...
  EXPECT_EQ(verdict({w1, w2, read(2, 2, 5, 6), read(2, 1, 12, 13)}), Verdict::linearizable);
  // ...but each write takes effect once: 2, then 1, then 2 again is impossible.
  EXPECT_EQ(verdict({w1, w2, read(2, 2, 5, 6), read(2, 1, 7, 8), read(2, 2, 12, 13)}), Verdict::not_linearizable);
}

TEST(Linearizability, ReadConcurrentWithWriteMaySeeOldOrNewValue) {
  EXPECT_EQ(verdict({write(0, 1, 0, 10), read(1, 0, 2, 3)}), Verdict::linearizable);
  EXPECT_EQ(verdict({write(0, 1, 0, 10), read(1, 1, 2, 3)}), Verdict::linearizable);
  // New then old is a classic inversion: the second read starts after the first one saw the new value.
  EXPECT_EQ(verdict({write(0, 1, 0, 10), read(1, 1, 2, 3), read(2, 0, 4, 5)}), Verdict::not_linearizable);
}

TEST(Linearizability, ReadOfAValueNeverWrittenFailsAndSaysWhy) {
  RegHistory const h{write(0, 1, 0, 3), read(1, 7, 1, 2)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::not_linearizable);
  EXPECT_EQ(result.stuck, (std::vector<std::size_t>{1}));
  std::string const text = result.describe();
  EXPECT_NE(text.find("not linearizable; the longest linearizable prefix found has 1 of 2"), std::string::npos) << text;
  EXPECT_NE(text.find("could come next:\n  #1 client 1 [1, 2] read -> 7"), std::string::npos) << text;
}

TEST(Linearizability, StaleReadAfterACompletedWriteFailsAndSaysWhy) {
  RegHistory const h{write(0, 1, 0, 1), read(1, 0, 2, 3)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::not_linearizable);
  EXPECT_EQ(result.prefix, (std::vector<std::size_t>{0}));
  EXPECT_EQ(result.stuck, (std::vector<std::size_t>{1}));
  std::string const text = result.describe();
  EXPECT_NE(text.find("#0 client 0 [0, 1] write(1) -> ok"), std::string::npos) << text;
  EXPECT_NE(text.find("state is RegisterState{value: 1}"), std::string::npos) << text;
  EXPECT_NE(text.find("could come next:\n  #1 client 1 [2, 3] read -> 0"), std::string::npos) << text;
}

TEST(Linearizability, ExplanationStartsFromTheLongestPrefix) {
  // write(1), read -> 1 fits; then read -> 2 has nothing left to see.
  RegHistory const h{write(0, 1, 0, 1), read(1, 1, 2, 5), read(2, 2, 3, 4)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::not_linearizable);
  EXPECT_EQ(result.prefix, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(result.stuck, (std::vector<std::size_t>{2}));
  // Two reads of values never written: both are stuck right after the write.
  RegHistory const two{write(0, 1, 0, 1), read(1, 2, 2, 5), read(2, 3, 3, 4)};
  auto const both = check_linearizable(RegisterSpec{}, two);
  ASSERT_EQ(both.verdict, Verdict::not_linearizable);
  EXPECT_EQ(both.prefix, (std::vector<std::size_t>{0}));
  EXPECT_EQ(both.stuck, (std::vector<std::size_t>{1, 2}));
  EXPECT_NE(both.describe().find("the longest linearizable prefix found has 1 of 3 operations:\n"
                                 "  #0 client 0 [0, 1] write(1) -> ok\n"
                                 "after it the state is RegisterState{value: 1}, in which the spec allows none of "
                                 "the operations that could come next:\n"
                                 "  #1 client 1 [2, 5] read -> 2\n"
                                 "  #2 client 2 [3, 4] read -> 3"),
            std::string::npos)
      << both.describe();
}

TEST(Linearizability, TouchingIntervalsAreConcurrent) {
  // A response and a call at the same time: either may be first.
  EXPECT_EQ(verdict({write(0, 1, 0, 5), read(1, 0, 5, 6)}), Verdict::linearizable);
  EXPECT_EQ(verdict({write(0, 1, 0, 5), read(1, 0, 6, 7)}), Verdict::not_linearizable);
}

TEST(Linearizability, InitialValueIsConfigurable) {
  EXPECT_EQ(verdict({read(0, 5, 0, 1)}, 5), Verdict::linearizable);
  EXPECT_EQ(verdict({read(0, 0, 0, 1)}, 5), Verdict::not_linearizable);
  EXPECT_EQ(verdict({read(0, 0, 0, 1)}), Verdict::linearizable);
}

// ---- pending operations -----------------------------------------------------------------------------

TEST(Linearizability, PendingWriteMayTakeEffect) {
  RegHistory const h{pending_write(0, 1, 0), read(1, 1, 1, 2)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_EQ(result.order, (std::vector<std::size_t>{0, 1}));
}

TEST(Linearizability, PendingWriteMayNotTakeEffect) {
  RegHistory const h{pending_write(0, 1, 0), read(1, 0, 1, 2), read(1, 0, 3, 4)};
  auto const result = check_linearizable(RegisterSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_EQ(result.order, (std::vector<std::size_t>{1, 2}));
}

TEST(Linearizability, PendingWriteTakesEffectLateButNotBeforeItsCall) {
  // It may take effect long after its client gave up...
  EXPECT_EQ(verdict({pending_write(0, 1, 0), read(1, 0, 1, 2), read(1, 1, 100, 101)}), Verdict::linearizable);
  // ...but not before it was called.
  EXPECT_EQ(verdict({read(1, 1, 0, 1), pending_write(0, 1, 2)}), Verdict::not_linearizable);
}

TEST(Linearizability, PendingWriteTakesEffectAtMostOnce) {
  // Jepsen's flip-flop: a timed-out write seen, then unseen.
  EXPECT_EQ(verdict({pending_write(0, 1, 0), read(1, 1, 1, 2), read(1, 0, 3, 4)}), Verdict::not_linearizable);
  EXPECT_EQ(verdict({write(2, 0, 0, 1), pending_write(0, 1, 2), read(1, 1, 3, 4), read(1, 0, 5, 6)}),
            Verdict::not_linearizable);
}

TEST(Linearizability, PendingReadsAreLeftOut) {
  auto const result = check_linearizable(RegisterSpec{}, RegHistory{pending_read(0, 0), write(1, 3, 1, 2)});
  ASSERT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_EQ(result.order, (std::vector<std::size_t>{1}));
}

// ---- classic examples -------------------------------------------------------------------------------

// Porcupine's TestRegisterModel, from MIT 6.824's 2017 quiz 2, section VII.
TEST(Linearizability, Mit6824QuizExamples) {
  EXPECT_EQ(verdict({write(0, 100, 0, 100), read(1, 100, 25, 75), read(2, 0, 30, 60)}), Verdict::linearizable);
  EXPECT_EQ(verdict({write(0, 200, 0, 100), read(1, 200, 10, 30), read(2, 0, 40, 90)}), Verdict::not_linearizable);
}

// Porcupine's TestZeroDuration: calls and responses at the same instant.
TEST(Linearizability, PorcupineZeroDurationExamples) {
  EXPECT_EQ(verdict({write(0, 100, 0, 100), read(1, 100, 25, 75), read(2, 0, 30, 30), read(3, 0, 30, 30)}),
            Verdict::linearizable);
  EXPECT_EQ(verdict({write(0, 200, 0, 100), read(1, 200, 10, 10), read(2, 200, 10, 10), read(3, 0, 40, 90)}),
            Verdict::not_linearizable);
}

// Knossos's README: "a crashed write of 3, concurrent with a read of 3" (an :info write).
TEST(Linearizability, KnossosCrashedWriteConcurrentWithRead) {
  HistoryRecorder<RegisterInput, RegisterOutput> rec;
  std::size_t const r = rec.invoke(0, RegisterInput::read());
  rec.invoke(1, RegisterInput::write(3));  // then :info: it never returns
  rec.complete(r, RegisterOutput::of(3));
  auto const result = check_linearizable(RegisterSpec{}, rec.history());
  ASSERT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_EQ(result.order, (std::vector<std::size_t>{1, 0}));
}

// ---- agreement with brute force ---------------------------------------------------------------------

RC_GTEST_PROP(Linearizability, RegisterAgreesWithBruteForce, ()) {
  RegHistory const h = random_register_history(rc_pick);
  auto const result = check_linearizable(RegisterSpec{}, h);
  bool const expected = brute_force_linearizable(h, register_replay);
  RC_CLASSIFY(expected, "linearizable");
  RC_CLASSIFY(!expected, "not linearizable");
  RC_ASSERT(result.verdict == (expected ? Verdict::linearizable : Verdict::not_linearizable));
  if (expected) {
    std::string const error = linearization_error(h, result.order, register_replay, true);
    if (!error.empty()) RC_FAIL(error + " in order " + weft::to_text(result.order) + " of " + weft::to_text(h));
  } else {
    std::string const error = linearization_error(h, result.prefix, register_replay, false);
    if (!error.empty()) RC_FAIL("prefix: " + error + " in " + weft::to_text(result.prefix));
    RC_ASSERT(!result.stuck.empty());
    for (std::size_t i : result.stuck) RC_ASSERT(result.describe().find(describe_operation(h, i)) != std::string::npos);
  }
}

RC_GTEST_PROP(Linearizability, KeyValueAgreesWithBruteForceWithAndWithoutPartitions, ()) {
  KvHistory const h = random_kv_history(rc_pick);
  auto const split = check_linearizable(KvSpec{}, h);
  auto const whole = check_linearizable(KvSpec{}, h, {.partition = false});
  bool const expected = brute_force_linearizable(h, kv_replay);
  RC_CLASSIFY(expected, "linearizable");
  RC_ASSERT(split.verdict == (expected ? Verdict::linearizable : Verdict::not_linearizable));
  RC_ASSERT(whole.verdict == split.verdict);
  if (!expected) return;
  for (auto const* result : {&split, &whole}) {
    std::string const error = linearization_error(h, result->order, kv_replay, true);
    if (!error.empty()) RC_FAIL(error + " in order " + weft::to_text(result->order) + " of " + weft::to_text(h));
  }
}

// Larger histories than brute force can handle, linearizable by construction.
RC_GTEST_PROP(Linearizability, AtomicRegisterHistoriesAreLinearizable, ()) {
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  RegHistory const h = atomic_register_history(rng, rc_pick(2, 5), rc_pick(1, 60));
  auto const result = check_linearizable(RegisterSpec{}, h);
  RC_ASSERT(result.verdict == Verdict::linearizable);
  RC_ASSERT(linearization_error(h, result.order, register_replay, true).empty());
}

// The generator must exercise both verdicts, and pending writes both taken and left out, or the
// properties above prove little.
TEST(Linearizability, RandomHistoriesCoverEveryCase) {
  std::mt19937_64 rng(7);
  int yes = 0, no = 0, pending_taken = 0, pending_left_out = 0;
  for (int i = 0; i < 400; ++i) {
    RegHistory const h = random_register_history(StdPick{&rng});
    auto const result = check_linearizable(RegisterSpec{}, h);
    (result.linearizable() ? yes : no)++;
    if (!result.linearizable()) continue;
    for (std::size_t k = 0; k < h.size(); ++k) {
      if (h[k].returned() || h[k].input.op != RegisterOp::write) continue;
      bool const taken = std::find(result.order.begin(), result.order.end(), k) != result.order.end();
      (taken ? pending_taken : pending_left_out)++;
    }
  }
  EXPECT_GT(yes, 80);
  EXPECT_GT(no, 80);
  EXPECT_GT(pending_taken, 10);
  EXPECT_GT(pending_left_out, 10);
}

// ---- other specs ------------------------------------------------------------------------------------

// Nondeterministic: `flip` (input 0) turns the coin to 1 or 2 and says which; `peek` (input 1) reads it.
struct Coin {
  BOOST_HANA_DEFINE_STRUCT(Coin, (std::uint32_t, face));
};
struct CoinSpec {
  using State = Coin;
  using Input = std::uint32_t;
  using Output = std::uint32_t;
  State init() const { return {0}; }
  std::optional<State> step(State const& s, Input const& in, Output const& out) const {
    if (in == 0) return out == 1 || out == 2 ? std::optional<State>(Coin{out}) : std::nullopt;
    return out == s.face ? std::optional<State>(s) : std::nullopt;
  }
  std::vector<State> step_pending(State const&, Input const& in) const {
    if (in == 0) return {Coin{1}, Coin{2}};
    return {};
  }
};
static_assert(weft::properties::check_spec<CoinSpec>());
static_assert(weft::properties::HasStepPending<CoinSpec>);

TEST(Linearizability, NondeterministicPendingOperationsTryEveryOutcome) {
  using Op = weft::properties::Operation<std::uint32_t, std::uint32_t>;
  auto flip = [](std::uint64_t t) { return Op{0, 0, std::nullopt, t, 0}; };
  auto peek = [](std::uint32_t face, std::uint64_t t) { return Op{1, 1, face, t, t + 1}; };
  auto check = [](std::vector<Op> const& h) { return check_linearizable(CoinSpec{}, h).verdict; };
  EXPECT_EQ(check({flip(0), peek(2, 1)}), Verdict::linearizable);  // the second outcome
  EXPECT_EQ(check({flip(0), peek(3, 1)}), Verdict::not_linearizable);
  EXPECT_EQ(check({flip(0), peek(2, 1), peek(1, 3)}), Verdict::not_linearizable);  // one flip, one outcome
  EXPECT_EQ(check({flip(0), flip(0), peek(1, 1), peek(2, 3), peek(1, 5)}), Verdict::not_linearizable);
  EXPECT_EQ(check({flip(0), flip(0), flip(0), peek(1, 1), peek(2, 3), peek(1, 5)}), Verdict::linearizable);
}

// The register without step_pending: fine for complete histories, refuses pending calls.
struct ObservedRegister {
  using State = weft::properties::RegisterState;
  using Input = RegisterInput;
  using Output = RegisterOutput;
  State init() const { return {0}; }
  std::optional<State> step(State const& s, Input const& in, Output const& out) const {
    return RegisterSpec{}.step(s, in, out);
  }
};
static_assert(weft::properties::check_spec<ObservedRegister>());
static_assert(!weft::properties::HasStepPending<ObservedRegister>);

struct NoStep {
  using State = weft::properties::RegisterState;
  using Input = RegisterInput;
  using Output = RegisterOutput;
  State init() const { return {0}; }
};
struct UnreflectedState {
  using State = std::uint32_t;
  using Input = RegisterInput;
  using Output = RegisterOutput;
  State init() const { return 0; }
  std::optional<State> step(State const& s, Input const&, Output const&) const { return s; }
};
static_assert(!weft::properties::SequentialSpec<NoStep>);
static_assert(!weft::properties::SequentialSpec<UnreflectedState>);

TEST(Linearizability, PendingCallsNeedStepPending) {
  EXPECT_EQ(check_linearizable(ObservedRegister{}, RegHistory{write(0, 1, 0, 1), read(1, 1, 2, 3)}).verdict,
            Verdict::linearizable);
  try {
    check_linearizable(ObservedRegister{}, RegHistory{pending_write(0, 1, 0), read(1, 1, 2, 3)});
    FAIL() << "expected weft::Error";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("has no step_pending"), std::string::npos) << e.what();
  }
}

TEST(Linearizability, KeyValueChecksEachKeyAndMergesInRealTime) {
  using Op = weft::properties::Operation<KvInput, RegisterOutput>;
  // Strictly sequential across keys: the only linearization is the history's own order.
  KvHistory const h{Op{0, KvInput::put(0, 1), RegisterOutput::ok(), 0, 1},
                    Op{1, KvInput::put(1, 2), RegisterOutput::ok(), 2, 3},
                    Op{0, KvInput::get(0), RegisterOutput::of(1), 4, 5},
                    Op{1, KvInput::get(1), RegisterOutput::of(2), 6, 7}};
  auto const result = check_linearizable(KvSpec{}, h);
  ASSERT_EQ(result.verdict, Verdict::linearizable);
  EXPECT_EQ(result.order, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_NE(result.describe().find("in 2 part(s)"), std::string::npos) << result.describe();

  KvHistory bad = h;
  bad.push_back(Op{2, KvInput::get(1), RegisterOutput::of(0), 8, 9});  // stale on key 1 only
  auto const failed = check_linearizable(KvSpec{}, bad);
  ASSERT_EQ(failed.verdict, Verdict::not_linearizable);
  EXPECT_EQ(failed.stuck, (std::vector<std::size_t>{4}));
  EXPECT_NE(failed.describe().find("(partition key 1)"), std::string::npos) << failed.describe();
}

// ---- budget, scale, malformed input -----------------------------------------------------------------

// n concurrent writes of distinct values, then a read of a value none of them wrote: before saying no,
// the search must visit every subset of the writes with each possible last value.
RegHistory exploding_history(std::uint32_t n) {
  RegHistory h;
  for (std::uint32_t i = 0; i < n; ++i) h.push_back(write(i, i + 1, i, n + i));
  h.push_back(read(n, 0, 2 * n, 2 * n + 1));
  return h;
}

TEST(Linearizability, StepBudgetTurnsAnExplosionIntoUnknown) {
  auto const small = check_linearizable(RegisterSpec{}, exploding_history(8));
  ASSERT_EQ(small.verdict, Verdict::not_linearizable);
  EXPECT_GT(small.steps, 8u * (1u << 7));  // memoised, yet still exponential in n

  auto const huge = check_linearizable(RegisterSpec{}, exploding_history(60), {.max_steps = 100'000});
  EXPECT_EQ(huge.verdict, Verdict::unknown);
  EXPECT_EQ(huge.steps, 100'000u);
  EXPECT_NE(huge.describe().find("unknown: gave up after 100000 steps"), std::string::npos) << huge.describe();
  EXPECT_TRUE(huge.stuck.empty());
}

TEST(Linearizability, LongHistoriesOfAnAtomicRegisterStayCheap) {
  std::mt19937_64 rng(11);
  RegHistory h = atomic_register_history(rng, 5, 3000);
  auto const ok = check_linearizable(RegisterSpec{}, h, {.max_steps = 1'000'000});
  ASSERT_EQ(ok.verdict, Verdict::linearizable) << ok.describe().substr(0, 2000);
  EXPECT_TRUE(linearization_error(h, ok.order, register_replay, true).empty());

  // One read near the end returns a value nobody wrote: refuted within the same budget.
  auto it = std::find_if(h.rbegin(), h.rend(), [](RegOp const& op) { return op.input.op == RegisterOp::read; });
  ASSERT_NE(it, h.rend());
  it->output = RegisterOutput::of(999'999);
  auto const bad = check_linearizable(RegisterSpec{}, h, {.max_steps = 1'000'000});
  EXPECT_EQ(bad.verdict, Verdict::not_linearizable) << bad.steps;
}

TEST(Linearizability, MalformedHistoryThrows) {
  EXPECT_THROW(check_linearizable(RegisterSpec{}, RegHistory{write(0, 1, 5, 4)}), weft::Error);
}

TEST(Linearizability, RecorderStampsEventsInOrder) {
  HistoryRecorder<RegisterInput, RegisterOutput> rec;
  std::size_t const a = rec.invoke(0, RegisterInput::write(1));
  std::size_t const b = rec.invoke(1, RegisterInput::read());
  rec.complete(a, RegisterOutput::ok());
  auto const& h = rec.history();
  EXPECT_EQ(h[a].call, 0u);
  EXPECT_EQ(h[b].call, 1u);
  EXPECT_EQ(h[a].ret, 2u);
  EXPECT_FALSE(h[b].returned());
  EXPECT_THROW(rec.complete(a, RegisterOutput::ok()), weft::Error);
  EXPECT_EQ(describe_operation(h, b), "#1 client 1 [1, -] read pending");
}

TEST(Linearizability, OperationsAreReflected) {
  std::vector<RegOp> const samples{write(0, 1, 0, 1), read(1, 1, 2, 3), pending_write(2, 2, 4), read(1, 2, 2, 3)};
  EXPECT_TRUE(weft::testing::check_type(samples));
  EXPECT_NE(weft::to_text(samples[0]).find("input: write(1), output: ok"), std::string::npos)
      << weft::to_text(samples[0]);
}

}  // namespace
