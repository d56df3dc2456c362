// Intern tables: one index per distinct encoding, whoever interns it and whatever its fingerprint says;
// values read back by index; workers sharing a table through their caches agree on every index.
#include <weft/checker/intern_table.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

using weft::checker::InternCache;
using weft::checker::InternTable;

std::uint32_t put(InternTable<std::string>& t, InternCache& c, std::string const& v, weft::Fingerprint fp) {
  return c.intern(t, v, weft::checker::Key{fp}, [&] { return v; });
}

TEST(InternTable, OneIndexPerEncodingEvenWhenFingerprintsCollide) {
  InternTable<std::string> table;
  InternCache cache;
  auto const a = put(table, cache, "alpha", 7), b = put(table, cache, "beta", 7);  // one fingerprint, two values
  EXPECT_NE(a, b);
  EXPECT_EQ(put(table, cache, "alpha", 7), a);
  EXPECT_EQ(put(table, cache, "beta", 7), b);
  EXPECT_EQ(table.at(a).value, "alpha");
  EXPECT_EQ(table.at(b).value, "beta");
  EXPECT_EQ(table.size(), 2u);
  InternCache fresh;  // no memory of them: the table still answers
  EXPECT_EQ(put(table, fresh, "beta", 7), b);
}

TEST(InternTable, GrowsAndKeepsEveryValue) {
  InternTable<std::string> table;
  InternCache cache;
  std::vector<std::uint32_t> index;
  for (int i = 0; i < 5000; ++i) index.push_back(put(table, cache, std::to_string(i), static_cast<weft::Fingerprint>(i % 97)));
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(table.at(index[i]).value, std::to_string(i));
    EXPECT_EQ(put(table, cache, std::to_string(i), static_cast<weft::Fingerprint>(i % 97)), index[i]);
  }
  EXPECT_EQ(table.size(), 5000u);
  EXPECT_GT(table.bytes(), 5000u * sizeof(std::string));
}

TEST(InternTable, ThreadsAgreeOnIndices) {
  InternTable<std::string> table;
  std::vector<std::vector<std::uint32_t>> seen(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      InternCache cache;
      for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 2000; ++i) {
          int const v = (i * (t + 1) * 7919) % 2000;  // each thread its own order
          auto const idx = put(table, cache, std::to_string(v), weft::fingerprint_bytes(&v, sizeof v));
          if (round == 0) seen[t].push_back(idx);
          if (table.at(idx).value != std::to_string(v)) seen[t].push_back(~0u);
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(table.size(), 2000u);
  InternCache cache;
  for (int t = 0; t < 3; ++t)
    for (int i = 0; i < 2000; ++i) {
      int const v = (i * (t + 1) * 7919) % 2000;
      EXPECT_EQ(seen[t][i], put(table, cache, std::to_string(v), weft::fingerprint_bytes(&v, sizeof v)));
    }
  for (auto const& s : seen) EXPECT_EQ(s.size(), 2000u);
}

}  // namespace
