// Bytes in pages taken straight from the operating system and given back whole when freed: the storage
// of a frontier block. A breadth-first frontier grows and shrinks by whole levels of 64 KiB blocks, each
// freed by whichever worker expanded it; from the heap, such blocks stay in the allocating thread's arena
// (and between live ones) after they are freed, so the process keeps more than its live levels' memory.
// Measured on TwoPhase-9 (medians of 3): a peak of 193 MB instead of 200 with 2 threads, 180 instead of
// 184 with one.
//
//   PageBytes b(64 * 1024);                 // one mapping, untouched pages cost nothing
//   std::memcpy(b.extend(3), "abc", 3);     // b.view() == "abc"
//   b = PageBytes{};                        // the pages go back now
#pragma once

#include <weft/error.hpp>

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace weft::checker {

/// A byte buffer in its own mapping. Appending past the capacity moves it to a larger one.
class PageBytes {
 public:
  PageBytes() = default;
  /// Room for at least `capacity` bytes (rounded up to whole pages).
  explicit PageBytes(std::size_t capacity) { map(capacity); }
  PageBytes(PageBytes&& other) noexcept
      : bytes_(std::exchange(other.bytes_, nullptr)), size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)), mapped_(other.mapped_) {}
  PageBytes& operator=(PageBytes&& other) noexcept {
    if (this != &other) {
      unmap();
      bytes_ = std::exchange(other.bytes_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
      mapped_ = other.mapped_;
    }
    return *this;
  }
  ~PageBytes() { unmap(); }

  /// Room for `n` more bytes at the end, which the caller must fill; returns where they start.
  unsigned char* extend(std::size_t n) {
    if (size_ + n > capacity_) [[unlikely]]
      grow(size_ + n);
    unsigned char* at = bytes_ + size_;
    size_ += n;
    return at;
  }
  /// Appends n raw bytes.
  void append(void const* data, std::size_t n) {
    if (n) std::memcpy(extend(n), data, n);
  }
  /// The bytes written so far.
  unsigned char const* data() const { return bytes_; }
  /// How many bytes were written.
  std::size_t size() const { return size_; }
  /// Bytes the mapping holds.
  std::size_t capacity() const { return capacity_; }
  /// The contents as a view.
  std::string_view view() const { return {reinterpret_cast<char const*>(bytes_), size_}; }

 private:
  static constexpr std::size_t page = 4096;

  void map(std::size_t capacity) {
    capacity = (capacity + page - 1) / page * page;
    if (capacity == 0) return;
    void* p = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mapped_ = p != MAP_FAILED;
    if (!mapped_) p = std::malloc(capacity);  // past the system's count of mappings, say: the heap will do
    if (!p) throw Error("out of memory: no room for " + std::to_string(capacity) + " bytes of frontier");
    bytes_ = static_cast<unsigned char*>(p);
    capacity_ = capacity;
  }
  void unmap() {
    if (bytes_ && mapped_) ::munmap(bytes_, capacity_);
    else std::free(bytes_);
    bytes_ = nullptr;
    size_ = capacity_ = 0;
  }
  void grow(std::size_t need) {
    PageBytes bigger(std::max(need, capacity_ * 2));
    if (size_) std::memcpy(bigger.bytes_, bytes_, size_);
    bigger.size_ = size_;
    *this = std::move(bigger);
  }

  unsigned char* bytes_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  bool mapped_ = false;  // from mmap (else from malloc)
};

}  // namespace weft::checker
