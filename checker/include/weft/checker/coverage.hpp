// Coverage of a model's actions, TLC's -coverage for weft: per action class (action_class.hpp), how often
// it was enabled, how often it was taken, and how many new states it found first. Each worker counts in
// its own CoverageCounts (no locks, no allocation per state) and adds them to the search's Coverage at the
// end of each level or run.
//
//   CoverageCounts counts(core.coverage.classes());
//   counts.step(action_class(model, a));   // an enabled action, taken (exhaustive searches take them all)
//   counts.found(c);                      // its successor was new
//   core.coverage.add(counts);            // at a level end: adds and zeroes
#pragma once

#include <weft/action_class.hpp>
#include <weft/error.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace weft::checker {

/// How one class of actions fared in a search.
struct ActionCoverage {
  std::string name;            ///< the class, as action_classes names it
  std::uint64_t enabled = 0;   ///< times it was enabled in a state the search expanded (random walks: visited)
  std::uint64_t taken = 0;     ///< times it was taken (exhaustive searches take every enabled action)
  std::uint64_t fresh = 0;     ///< new states it found first
  bool operator==(ActionCoverage const&) const = default;
};

/// The three counts of one class, as workers keep them and ranks exchange them.
struct CoverageRow {
  std::uint64_t enabled = 0, taken = 0, fresh = 0;

  /// Adds another worker's or rank's counts of the same class.
  CoverageRow& operator+=(CoverageRow const& o) {
    enabled += o.enabled;
    taken += o.taken;
    fresh += o.fresh;
    return *this;
  }
};

/// One worker's counts, by class.
class CoverageCounts {
 public:
  /// Counts for `classes` classes, all zero.
  explicit CoverageCounts(std::size_t classes = 0) : rows_(classes) {}
  /// An enabled action of class `c`, taken.
  void step(std::size_t c) {
    ++row(c).enabled;
    ++rows_[c].taken;
  }
  /// An action of class `c` enabled but not taken (random walks take one of many).
  void enabled(std::size_t c) { ++row(c).enabled; }
  /// An action of class `c` taken after it was counted enabled.
  void taken(std::size_t c) { ++row(c).taken; }
  /// A successor by an action of class `c` was a new state.
  void found(std::size_t c) { ++row(c).fresh; }
  /// The rows, by class.
  std::vector<CoverageRow>& rows() { return rows_; }

 private:
  // A model's own action_label() may be out of range: one comparison, so that it is an error, not a crash.
  CoverageRow& row(std::size_t c) {
    if (c >= rows_.size())
      throw Error("action_label() gave class " + std::to_string(c) + ", past the " + std::to_string(rows_.size()) +
                  " of action_labels()");
    return rows_[c];
  }

  std::vector<CoverageRow> rows_;
};

/// The search's totals, by class.
class Coverage {
 public:
  /// The classes of `model`'s actions, all counts zero.
  template <class M>
  explicit Coverage(M const& model) : names_(action_classes(model)), totals_(names_.size()) {
    if (names_.size() > UINT16_MAX) throw Error("a model has at most 65535 action classes");
  }

  /// How many classes there are.
  std::size_t classes() const { return names_.size(); }

  /// Adds a worker's counts (and zeroes them).
  void add(CoverageCounts& counts) {
    std::lock_guard lock(mutex_);
    auto& rows = counts.rows();
    for (std::size_t i = 0; i < rows.size() && i < totals_.size(); ++i) {
      totals_[i] += rows[i];
      rows[i] = {};
    }
  }

  /// The totals as rows (for a checkpoint, or to add up over ranks).
  std::vector<CoverageRow> rows() const {
    std::lock_guard lock(mutex_);
    return totals_;
  }
  /// Replaces the totals (a checkpoint's, or the sum over ranks); refuses rows for another model.
  void set(std::vector<CoverageRow> rows) {
    if (rows.size() != names_.size())
      throw Error("coverage of " + std::to_string(rows.size()) + " action classes, but this model has " +
                  std::to_string(names_.size()));
    std::lock_guard lock(mutex_);
    totals_ = std::move(rows);
  }

  /// The totals with their names, in class order (unnamed classes, which no event carries, left out).
  std::vector<ActionCoverage> table() const {
    std::lock_guard lock(mutex_);
    std::vector<ActionCoverage> out;
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (!names_[i].empty()) out.push_back({names_[i], totals_[i].enabled, totals_[i].taken, totals_[i].fresh});
    return out;
  }

 private:
  std::vector<std::string> names_;
  std::vector<CoverageRow> totals_;
  mutable std::mutex mutex_;
};

/// The classes never enabled, for a reader: a kind none of whose classes was enabled is named once, as
/// "Drop (all 4)", else each class by name.
inline std::vector<std::string> never_enabled(std::vector<ActionCoverage> const& table) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < table.size();) {
    std::string const kind = table[i].name.substr(0, table[i].name.find(' '));
    std::size_t j = i, idle = 0;
    for (; j < table.size() && table[j].name.substr(0, table[j].name.find(' ')) == kind; ++j) idle += table[j].enabled == 0;
    if (idle == j - i && j - i > 1) out.push_back(kind + " (all " + std::to_string(j - i) + ")");
    else
      for (std::size_t k = i; k < j; ++k)
        if (table[k].enabled == 0) out.push_back(table[k].name);
    i = j;
  }
  return out;
}

}  // namespace weft::checker
