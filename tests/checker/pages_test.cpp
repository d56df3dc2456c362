// Pages: zeroed bytes, whole pages in a mapping of their own from a page up, the heap below; moves leave
// the source empty; populated pages read as zero like the others.
#include <weft/checker/pages.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace weft::checker {
namespace {

bool all_zero(Pages const& p) {
  auto const* b = static_cast<unsigned char const*>(p.get());
  return std::all_of(b, b + p.size(), [](unsigned char c) { return c == 0; });
}

TEST(Pages, FromAPageUpTheyAreWholePagesOfTheirOwn) {
  Pages p(Pages::page + 1);
  EXPECT_TRUE(p.mapped());
  EXPECT_EQ(p.size(), 2 * Pages::page);
  EXPECT_TRUE(all_zero(p));
  std::memset(p.get(), 0xab, p.size());  // every byte is writable
  Pages q(3 * Pages::page, "a test", true);
  EXPECT_TRUE(q.mapped());
  EXPECT_EQ(q.size(), 3 * Pages::page);
  EXPECT_TRUE(all_zero(q));
}

TEST(Pages, UnderAPageTheyComeFromTheHeapZeroed) {
  Pages p(100);
  EXPECT_FALSE(p.mapped());
  EXPECT_EQ(p.size(), 100u);
  EXPECT_TRUE(all_zero(p));
  EXPECT_EQ(Pages(0).get(), nullptr);
}

TEST(Pages, AMoveLeavesTheSourceEmpty) {
  Pages a(2 * Pages::page);
  static_cast<char*>(a.get())[5] = 'x';
  Pages b(std::move(a));
  EXPECT_EQ(a.get(), nullptr);
  EXPECT_EQ(a.size(), 0u);
  EXPECT_FALSE(a.mapped());
  EXPECT_EQ(static_cast<char*>(b.get())[5], 'x');
  Pages c(10);
  c = std::move(b);  // c's own bytes go back
  EXPECT_TRUE(c.mapped());
  EXPECT_EQ(static_cast<char*>(c.get())[5], 'x');
  c = Pages{};
  EXPECT_EQ(c.size(), 0u);
}

}  // namespace
}  // namespace weft::checker
