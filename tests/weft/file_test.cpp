// Files: an atomic write leaves the old file whole when it fails, removes its own temporary file, and
// removes the temporaries of writers that died; a read refuses what is not a regular file or is larger
// than its bound, naming the file.
#include <weft/file.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

namespace fs = std::filesystem;

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("weft-file-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
};

TEST(Files, AFailedWriteKeepsTheOldFileAndNamesIt) {
  Folder f;
  fs::path const file = f.dir / "report.json";
  weft::write_file_atomic(file, "old");
  try {
    weft::write_file_atomic_with(file, [](std::ostream&) { throw std::runtime_error("the disk is full"); });
    FAIL() << "the failure was swallowed";
  } catch (weft::Error const& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + file.string() + ": the disk is full");
  }
  EXPECT_EQ(weft::read_file(file), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(f.dir), fs::directory_iterator{}), 1) << "no temporary file is left";
}

TEST(Files, TheTemporariesOfDeadWritersAreRemovedByTheNextWrite) {
  Folder f;
  fs::path const file = f.dir / "trace.json";
  weft::write_file_atomic(f.dir / "trace.json.tmp.999999999", "a writer killed mid-write");
  weft::write_file_atomic(f.dir / "trace.json.tmp.1", "a writer still running (pid 1 is alive)");
  weft::write_file_atomic(f.dir / "other.json.tmp.999999999", "another file's");
  weft::write_file_atomic(file, "new");
  EXPECT_FALSE(fs::exists(f.dir / "trace.json.tmp.999999999"));
  EXPECT_TRUE(fs::exists(f.dir / "trace.json.tmp.1"));
  EXPECT_TRUE(fs::exists(f.dir / "other.json.tmp.999999999"));
  EXPECT_EQ(weft::read_file(file), "new");
}

TEST(Files, OnlyRegularFilesWithinTheirBoundAreRead) {
  Folder f;
  auto error_of = [](fs::path const& p, std::uintmax_t bound) {
    try {
      weft::read_file(p, bound);
    } catch (weft::Error const& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error_of("/dev/zero", weft::max_input_bytes), "/dev/zero is not a regular file");
  EXPECT_EQ(error_of(f.dir, weft::max_input_bytes), f.dir.string() + " is not a regular file");
  weft::write_file_atomic(f.dir / "big", std::string(100, 'x'));
  EXPECT_EQ(error_of(f.dir / "big", 99), (f.dir / "big").string() + " holds 100 bytes, more than the 99 this reader takes");
  EXPECT_EQ(error_of(f.dir / "big", 100), "");
  EXPECT_NE(error_of(f.dir / "none", 100).find("cannot read"), std::string::npos);
}

}  // namespace
