// Cluster over MPI. Batches go out with MPI_Isend and their buffers are kept until the send completes,
// then reused; arrivals are found with MPI_Iprobe, so a rank polls between states without blocking. MPI
// is called from one thread only (MPI_THREAD_FUNNELED): the rank's search thread.
#include <weft/checker/mpi_cluster.hpp>

#include <mpi.h>

#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

namespace weft::checker {
namespace {

constexpr int batch_tag = 17;

void check_mpi(int rc, char const* what) {
  if (rc != MPI_SUCCESS) throw Error(std::string("MPI: ") + what + " failed (code " + std::to_string(rc) + ")");
}

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    int provided = 0;
    check_mpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rank_ = static_cast<unsigned>(rank);
    size_ = static_cast<unsigned>(size);
  }
  ~MpiCluster() override {
    for (auto& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
    MPI_Finalize();
  }

  unsigned rank() const override { return rank_; }
  unsigned size() const override { return size_; }

  void send(unsigned to, ByteBuffer& batch) override {
    reclaim();
    pending_.push_back({MPI_REQUEST_NULL, std::move(batch)});
    auto& p = pending_.back();
    check_mpi(MPI_Isend(p.bytes.data(), static_cast<int>(p.bytes.size()), MPI_BYTE, static_cast<int>(to), batch_tag,
                        MPI_COMM_WORLD, &p.request),
              "MPI_Isend");
    if (spare_.empty()) {
      batch = ByteBuffer{};
    } else {
      batch = std::move(spare_.back());
      spare_.pop_back();
    }
  }

  bool receive(ByteBuffer& out) override {
    int flag = 0;
    MPI_Status status;
    check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, batch_tag, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
    if (!flag) {
      reclaim();
      return false;
    }
    int n = 0;
    MPI_Get_count(&status, MPI_BYTE, &n);
    out.clear();
    unsigned char* at = out.extend(static_cast<std::size_t>(n));
    check_mpi(MPI_Recv(at, n, MPI_BYTE, status.MPI_SOURCE, batch_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    return true;
  }

  std::vector<ByteBuffer> all_gather(ByteBuffer const& mine) override {
    int const n = static_cast<int>(mine.size());
    std::vector<int> sizes(size_), offsets(size_);
    check_mpi(MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
    int total = 0;
    for (unsigned r = 0; r < size_; ++r) offsets[r] = total, total += sizes[r];
    std::vector<unsigned char> all(static_cast<std::size_t>(total) + 1);
    check_mpi(MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD),
              "MPI_Allgatherv");
    std::vector<ByteBuffer> out(size_);
    for (unsigned r = 0; r < size_; ++r) out[r].append(all.data() + offsets[r], static_cast<std::size_t>(sizes[r]));
    return out;
  }

 private:
  struct Pending {
    MPI_Request request;
    ByteBuffer bytes;
  };

  // Takes back the buffers of completed sends (oldest first: sends complete roughly in order).
  void reclaim() {
    while (!pending_.empty()) {
      int done = 0;
      MPI_Test(&pending_.front().request, &done, MPI_STATUS_IGNORE);
      if (!done) return;
      pending_.front().bytes.clear();
      spare_.push_back(std::move(pending_.front().bytes));
      pending_.pop_front();
    }
  }

  unsigned rank_ = 0, size_ = 1;
  std::deque<Pending> pending_;
  std::vector<ByteBuffer> spare_;
};

}  // namespace

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

std::unique_ptr<Cluster> start_mpi() { return std::make_unique<MpiCluster>(); }

void abort_mpi(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace weft::checker
