// Field-level differences between two values of one type, found through reflection: where two states
// part, as paths a reader can follow (`nodes[0].state.ClientState.waiting.seq: 1 -> 2`).
#pragma once

#include <weft/compare.hpp>
#include <weft/print.hpp>
#include <weft/reflect.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace weft {

/// One place where two values differ.
struct FieldDifference {
  BOOST_HANA_DEFINE_STRUCT(FieldDifference,
    (std::string, path),    ///< where, from the root: `nodes[1].timers[0]`
    (std::string, left),    ///< the first value there, printed ("(none)" when absent)
    (std::string, right));  ///< the second value there
};

namespace detail {
template <class T>
void diff_into(T const& a, T const& b, std::string const& path, std::vector<FieldDifference>& out, std::size_t limit);

inline std::string join(std::string const& path, std::string const& step) { return path.empty() ? step : path + step; }

template <class T>
void diff_sequence(T const& a, T const& b, std::string const& path, std::vector<FieldDifference>& out, std::size_t limit) {
  auto ia = std::begin(a), ib = std::begin(b);
  for (std::size_t i = 0; ia != std::end(a) || ib != std::end(b); ++i) {
    std::string const here = path + "[" + std::to_string(i) + "]";
    if (ia == std::end(a)) out.push_back({here, "(none)", to_text(*ib++)});
    else if (ib == std::end(b)) out.push_back({here, to_text(*ia++), "(none)"});
    else diff_into(*ia++, *ib++, here, out, limit);
    if (out.size() >= limit) return;
  }
}

template <class T>
void diff_map(T const& a, T const& b, std::string const& path, std::vector<FieldDifference>& out, std::size_t limit) {
  for (auto const& [k, v] : a) {
    std::string const here = path + "[" + to_text(k) + "]";
    auto it = std::find_if(b.begin(), b.end(), [&k = k](auto const& kv) { return equal(kv.first, k); });
    if (it == b.end()) out.push_back({here, to_text(v), "(none)"});
    else diff_into(v, it->second, here, out, limit);
    if (out.size() >= limit) return;
  }
  for (auto const& [k, v] : b)
    if (std::none_of(a.begin(), a.end(), [&k = k](auto const& kv) { return equal(kv.first, k); }))
      out.push_back({path + "[" + to_text(k) + "]", "(none)", to_text(v)});
}

template <class T>
void diff_set(T const& a, T const& b, std::string const& path, std::vector<FieldDifference>& out) {
  std::vector<std::string> left, right;
  for (auto const& x : a)
    if (std::none_of(b.begin(), b.end(), [&](auto const& y) { return equal(x, y); })) left.push_back(to_text(x));
  for (auto const& y : b)
    if (std::none_of(a.begin(), a.end(), [&](auto const& x) { return equal(x, y); })) right.push_back(to_text(y));
  out.push_back({path, "only here: " + to_text(left), "only here: " + to_text(right)});
}

// The field differences of each shape (shape.hpp); shapes without parts differ as a whole.
struct Differ {
  std::string const& path;
  std::vector<FieldDifference>& out;
  std::size_t limit;

  template <class T>
  void operator()(shape::Record, T const& a, T const& b) const {
    for_each_field_pair(a, b, [&](char const* name, auto const& x, auto const& y) {
      diff_into(x, y, join(path, std::string(path.empty() ? "" : ".") + name), out, limit);
    });
  }
  template <class T>
  void operator()(shape::OneOf, T const& a, T const& b) const {
    if (a.index() != b.index()) return out.push_back({path, to_text(a), to_text(b)});
    with_index<std::variant_size_v<T>>(a.index(), [&](auto i) {
      diff_into(*std::get_if<decltype(i)::value>(&a), *std::get_if<decltype(i)::value>(&b), path, out, limit);
    });
  }
  template <class T>
  void operator()(shape::Maybe, T const& a, T const& b) const {
    if (a.has_value() != b.has_value()) return out.push_back({path, to_text(a), to_text(b)});
    diff_into(*a, *b, path, out, limit);
  }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Map> || std::is_same_v<S, shape::HashMap>)
  void operator()(S, T const& a, T const& b) const { diff_map(a, b, path, out, limit); }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Set> || std::is_same_v<S, shape::HashSet>)
  void operator()(S, T const& a, T const& b) const { diff_set(a, b, path, out); }
  template <class S, class T>
    requires(std::is_same_v<S, shape::Array> || std::is_same_v<S, shape::Sequence>)
  void operator()(S, T const& a, T const& b) const { diff_sequence(a, b, path, out, limit); }
  template <class S, class T>
  void operator()(S, T const& a, T const& b) const {
    out.push_back({path.empty() ? "(value)" : path, to_text(a), to_text(b)});
  }
};

template <class T>
void diff_into(T const& a, T const& b, std::string const& path, std::vector<FieldDifference>& out, std::size_t limit) {
  if (out.size() >= limit || equal(a, b)) return;
  Differ{path, out, limit}(shape_of<T>{}, a, b);
}
}  // namespace detail

/// Where `a` and `b` differ, field by field, at most `limit` places (empty when they are equal).
template <class T>
std::vector<FieldDifference> diff(T const& a, T const& b, std::size_t limit = 20) {
  std::vector<FieldDifference> out;
  detail::diff_into(a, b, "", out, limit);
  return out;
}

/// The differences as lines: `path: left -> right`.
inline std::string describe(std::vector<FieldDifference> const& d) {
  std::string out;
  for (auto const& f : d) out += "    " + f.path + ": " + f.left + " -> " + f.right + "\n";
  return out;
}

}  // namespace weft
