// PageBytes: appends, growth past the first mapping, moves (the source left empty), and release.
#include <weft/checker/page_bytes.hpp>

#include <gtest/gtest.h>

#include <string>

namespace weft::checker {
namespace {

TEST(PageBytes, AppendsWithinAndPastItsMapping) {
  PageBytes b(5000);
  EXPECT_EQ(b.capacity(), 8192u);  // whole pages
  b.append("abc", 3);
  EXPECT_EQ(b.view(), "abc");
  std::string big(10000, 'x');
  b.append(big.data(), big.size());  // moves to a larger mapping, keeping what was there
  EXPECT_GE(b.capacity(), 10003u);
  EXPECT_EQ(b.size(), 10003u);
  EXPECT_EQ(b.view().substr(0, 4), "abcx");
  EXPECT_EQ(b.view().back(), 'x');
}

TEST(PageBytes, AnEmptyOneGrowsOnFirstAppend) {
  PageBytes b;
  EXPECT_EQ(b.capacity(), 0u);
  EXPECT_EQ(b.size(), 0u);
  b.append("hello", 5);
  EXPECT_EQ(b.view(), "hello");
}

TEST(PageBytes, AMoveLeavesTheSourceEmptyAndTheTargetOwning) {
  PageBytes a(100);
  a.append("abc", 3);
  PageBytes b(std::move(a));
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.view(), "abc");
  PageBytes c(50);
  c.append("z", 1);
  c = std::move(b);  // c's own mapping goes back
  EXPECT_EQ(c.view(), "abc");
  c = PageBytes{};
  EXPECT_EQ(c.capacity(), 0u);
}

}  // namespace
}  // namespace weft::checker
