// Zeroed memory taken straight from the operating system and given back whole when freed: the storage of
// the visited set's tables and of frontier blocks. A search allocates these by the thousand, frees them
// as levels are expanded and tables doubled, often on another thread than the one that allocated them;
// from the heap, the freed ones stay in the arenas (between live chunks, or in another thread's arena),
// so the process holds more than its live memory. Measured on TwoPhase-9 (medians of alternating runs),
// with the visited set's tables mapped too: a peak of 179 MiB instead of 194 with 2 threads (wall time
// ratio 1.00 over 6 pairs), 163 instead of 180 with one (ratio 1.02 over 4).
//
//   Pages p(1 << 20);                          // a mapping of 256 pages; untouched pages cost nothing
//   static_cast<char*>(p.get())[0] = 'x';      // every byte starts as zero
//   p = Pages{};                               // the pages go back now
#pragma once

#include <weft/error.hpp>

#include <sys/mman.h>

#include <cstdlib>
#include <string>
#include <utility>

namespace weft::checker {

/// Zeroed bytes in a mapping of their own (under a page: from the heap, where a mapping would waste the
/// rest of its page and a system call).
class Pages {
 public:
  /// The size of a page.
  static constexpr std::size_t page = 4096;

  Pages() = default;
  /// At least `bytes` zeroed bytes; `what` names them in the error when memory runs out. `populate`: the
  /// pages are all about to be written, so they are mapped in one call rather than one fault each.
  explicit Pages(std::size_t bytes, char const* what = "a search", bool populate = false) {
    if (bytes == 0) return;
    if (bytes >= page) {
      bytes = (bytes + page - 1) / page * page;
      int const flags = MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0);
      void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
      if (p != MAP_FAILED) {
        bytes_ = p;
        size_ = bytes;
        mapped_ = true;
        return;
      }
    }
    bytes_ = std::calloc(bytes, 1);  // small, or past the system's count of mappings: the heap will do
    if (!bytes_) throw Error("out of memory: no room for " + std::to_string(bytes) + " bytes of " + what);
    size_ = bytes;
  }
  Pages(Pages&& other) noexcept
      : bytes_(std::exchange(other.bytes_, nullptr)), size_(std::exchange(other.size_, 0)),
        mapped_(std::exchange(other.mapped_, false)) {}
  Pages& operator=(Pages&& other) noexcept {
    if (this != &other) {
      release();
      bytes_ = std::exchange(other.bytes_, nullptr);
      size_ = std::exchange(other.size_, 0);
      mapped_ = std::exchange(other.mapped_, false);
    }
    return *this;
  }
  ~Pages() { release(); }

  /// The first byte (nullptr when empty).
  void* get() const { return bytes_; }
  /// How many bytes there are (whole pages when mapped).
  std::size_t size() const { return size_; }
  /// True when the bytes are a mapping of their own.
  bool mapped() const { return mapped_; }

 private:
  void release() {
    if (mapped_) ::munmap(bytes_, size_);
    else std::free(bytes_);
    bytes_ = nullptr;
    size_ = 0;
    mapped_ = false;
  }

  void* bytes_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace weft::checker
