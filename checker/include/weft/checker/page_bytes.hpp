// A byte buffer in pages of its own (pages.hpp): the storage of a frontier block. A breadth-first frontier
// grows and shrinks by whole levels of 64 KiB blocks, each freed by whichever worker expanded it; from the
// heap, such blocks stay in the allocating thread's arena (and between live ones) after they are freed,
// so the process keeps more than its live levels' memory. Measured on TwoPhase-9 (medians of 3): a peak
// of 193 MB instead of 200 with 2 threads, 180 instead of 184 with one.
//
//   PageBytes b(64 * 1024);                 // one mapping, untouched pages cost nothing
//   std::memcpy(b.extend(3), "abc", 3);     // b.view() == "abc"
//   b = PageBytes{};                        // the pages go back now
#pragma once

#include <weft/checker/pages.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

namespace weft::checker {

/// A byte buffer in its own mapping. Appending past the capacity moves it to a larger one.
class PageBytes {
 public:
  PageBytes() = default;
  /// Room for at least `capacity` bytes (whole pages from a page up).
  explicit PageBytes(std::size_t capacity) : pages_(capacity, "frontier") {}
  PageBytes(PageBytes&& other) noexcept : pages_(std::move(other.pages_)), size_(std::exchange(other.size_, 0)) {}
  PageBytes& operator=(PageBytes&& other) noexcept {
    if (this != &other) {
      pages_ = std::move(other.pages_);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  /// Room for `n` more bytes at the end, which the caller must fill; returns where they start.
  unsigned char* extend(std::size_t n) {
    if (size_ + n > capacity()) [[unlikely]]
      grow(size_ + n);
    unsigned char* at = bytes() + size_;
    size_ += n;
    return at;
  }
  /// Appends n raw bytes.
  void append(void const* data, std::size_t n) {
    if (n) std::memcpy(extend(n), data, n);
  }
  /// The bytes written so far.
  unsigned char const* data() const { return bytes(); }
  /// How many bytes were written.
  std::size_t size() const { return size_; }
  /// Bytes the mapping holds.
  std::size_t capacity() const { return pages_.size(); }
  /// The contents as a view.
  std::string_view view() const { return {reinterpret_cast<char const*>(bytes()), size_}; }

 private:
  unsigned char* bytes() const { return static_cast<unsigned char*>(pages_.get()); }
  void grow(std::size_t need) {
    PageBytes bigger(std::max(need, capacity() * 2));
    if (size_) std::memcpy(bigger.bytes(), bytes(), size_);
    bigger.size_ = size_;
    *this = std::move(bigger);
  }

  Pages pages_;
  std::size_t size_ = 0;
};

}  // namespace weft::checker
