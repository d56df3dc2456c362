// Checkpoints of a breadth-first search, taken between levels: the visited fingerprints, the frontier,
// the parent links, the counters and the findings so far, in cereal portable binary behind a header that
// names the format version and what was being checked. Written atomically; a resumed run ends with exactly
// the counts of an uninterrupted one.
#pragma once

#include <weft/checker/bfs.hpp>
#include <weft/file.hpp>
#include <weft/serialize.hpp>

#include <cereal/types/utility.hpp>

#include <map>
#include <sstream>
#include <string>

namespace weft::checker {

/// The checkpoint format version: bump it when the layout changes.
inline constexpr std::uint32_t checkpoint_version = 1;

/// What a checkpoint was taken of, readable without knowing the model's types.
struct CheckpointHeader {
  BOOST_HANA_DEFINE_STRUCT(CheckpointHeader,
    (std::string, magic),
    (std::uint32_t, version),
    (std::string, protocol),
    (std::map<std::string, std::string>, config),
    (std::string, options));  // the command-line options of the run, for `--resume`
};

/// Where and how often to checkpoint, and what to resume from.
struct Checkpointing {
  std::string path;                                        ///< write checkpoints here ("" for none)
  std::chrono::milliseconds every = std::chrono::minutes(10);  ///< at most this often (between levels)
  CheckpointHeader header;                                 ///< identifies the run
  std::string resume_from;                                 ///< a checkpoint to continue ("" for none)
};

namespace detail {
inline std::istringstream open_checkpoint(std::string const& path, CheckpointHeader& header) {
  std::istringstream in(read_file(path), std::ios::binary);
  try {
    cereal::PortableBinaryInputArchive ar(in);
    ar(header);
  } catch (std::exception const&) {
    throw Error(path + ": not a weft checkpoint (truncated or corrupt header)");
  }
  if (header.magic != "weft-checkpoint") throw Error(path + ": not a weft checkpoint");
  if (header.version != checkpoint_version)
    throw Error(path + ": checkpoint format " + std::to_string(header.version) + ", this build reads " +
                std::to_string(checkpoint_version));
  return in;
}
}  // namespace detail

/// Reads only the header of a checkpoint; throws weft::Error naming the file when it is not one.
inline CheckpointHeader read_checkpoint_header(std::string const& path) {
  CheckpointHeader h;
  detail::open_checkpoint(path, h);
  return h;
}

/// Writes the state of a BFS between levels.
template <Model M>
void save_checkpoint(Checkpointing const& c, SearchCore<M> const& core, BreadthFirst<M> const& bfs, ParentLog const& log) {
  std::ostringstream out(std::ios::binary);
  {
    // Header and body are two archives, so that the header can be read alone.
    cereal::PortableBinaryOutputArchive header(out);
    CheckpointHeader h = c.header;
    h.magic = "weft-checkpoint";
    h.version = checkpoint_version;
    header(h);
  }
  {
    cereal::PortableBinaryOutputArchive ar(out);
    std::vector<Fingerprint> visited;
    visited.reserve(core.visited.size());
    core.visited.for_each([&](Fingerprint fp) { visited.push_back(fp); });
    std::vector<std::pair<Fingerprint, std::uint64_t>> findings;
    for (auto const& f : core.findings) findings.emplace_back(f ? f->fp : 0, f ? f->depth : 0);
    std::vector<std::pair<typename M::State, Fingerprint>> frontier;
    for (auto const& e : bfs.level()) frontier.emplace_back(e.state, e.key);
    auto [links, segments] = log.dump();
    ar(core.generated.load(), static_cast<std::uint64_t>(bfs.depth()), visited, frontier, links, segments, findings);
  }
  write_file_atomic(c.path, out.str());
}

/// Restores a BFS from a checkpoint written by save_checkpoint for the same model.
template <Model M>
void load_checkpoint(std::string const& path, SearchCore<M>& core, BreadthFirst<M>& bfs, ParentLog& log) {
  CheckpointHeader h;
  std::istringstream in = detail::open_checkpoint(path, h);
  std::uint64_t generated = 0, depth = 0;
  std::vector<Fingerprint> visited;
  std::vector<std::pair<typename M::State, Fingerprint>> frontier;
  std::vector<ParentLink> links;
  std::vector<std::pair<std::size_t, std::size_t>> segments;
  std::vector<std::pair<Fingerprint, std::uint64_t>> findings;
  try {
    cereal::PortableBinaryInputArchive ar(in);
    ar(generated, depth, visited, frontier, links, segments, findings);
  } catch (std::exception const&) {
    throw Error(path + ": truncated or corrupt checkpoint");
  }
  if (findings.size() != core.findings.size()) throw Error(path + ": checkpoint of a model with other properties");
  for (Fingerprint fp : visited) core.visited.insert(fp);
  core.generated = generated;
  for (std::size_t i = 0; i < findings.size(); ++i)
    if (findings[i].second) {
      core.findings[i] = typename SearchCore<M>::Finding{findings[i].first, findings[i].second, std::nullopt};
      core.decided[i] = true;
    }
  log.restore(links, std::move(segments));
  std::vector<Entry<typename M::State>> level;
  for (auto& [s, k] : frontier) level.push_back({std::move(s), k});
  bfs.resume(std::move(level), depth);
}

}  // namespace weft::checker
