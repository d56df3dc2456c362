// Checkpoints of a breadth-first search, taken between levels: the counters, the findings so far, the
// visited fingerprints shard by shard, the frontier's blocks of canonical bytes and the parent links, in
// cereal portable binary behind a header that names the format version and what was being checked.
// Written as a stream (never whole in memory) to a temporary file renamed into place; a resumed run ends
// with exactly the counts of an uninterrupted one. Every section carries a checksum (XXH3 of its
// canonical encoding) and no size read from the file may exceed the file's own size, so a damaged
// checkpoint is refused by name and section before it allocates or runs anything; each frontier state is
// decoded and held to the model (validate_state) when it is read.
// A distributed search checkpoints per rank, all at the same level end: rank r of R writes PATH.rankR
// (its shards, its frontier, its parent links), and all ranks rename their files into place only once
// every rank has written its own, so a rank that dies leaves the previous set whole.
#pragma once

#include <weft/checker/bfs.hpp>
#include <weft/file.hpp>
#include <weft/serialize.hpp>

#include <cereal/types/utility.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <tuple>
#include <string>

namespace weft::checker {

/// The checkpoint format version: bump it when the layout changes.
inline constexpr std::uint32_t checkpoint_version = 7;  // 5: 128-bit keys' second halves; 6: ranks; 7: coverage

/// What a checkpoint was taken of, readable without knowing the model's types.
struct CheckpointHeader {
  BOOST_HANA_DEFINE_STRUCT(CheckpointHeader,
    (std::string, magic),
    (std::uint32_t, version),
    (std::string, protocol),
    (std::map<std::string, std::string>, config),
    (std::string, options),   // the command-line options of the run, for `--resume`
    (std::uint32_t, rank),    // which rank's part this is (0 alone)
    (std::uint32_t, ranks));  // how many ranks took it (1 alone)
};

/// The file that holds this process's part of the checkpoint at `path`: `path` itself alone, `path.rankR`
/// for rank R of a distributed search.
inline std::string checkpoint_file(std::string const& path, Cluster const* cluster) {
  if (distributed(cluster)) return path + ".rank" + std::to_string(cluster->rank());
  if (!std::filesystem::exists(path) && std::filesystem::exists(path + ".rank0"))
    throw Error(path + " was taken by a distributed search (" + path + ".rank*): resume it under mpirun with as many ranks");
  return path;
}

/// Where and how often to checkpoint, and what to resume from.
struct Checkpointing {
  std::string path;                                        ///< write checkpoints here ("" for none)
  std::chrono::milliseconds every = std::chrono::minutes(10);  ///< at most this often (between levels)
  CheckpointHeader header;                                 ///< identifies the run
  std::string resume_from;                                 ///< a checkpoint to continue ("" for none)
};

namespace detail {
// Opens a checkpoint and reads its header; the stream is left at the body.
inline std::ifstream open_checkpoint(std::string const& path, CheckpointHeader& header) {
  std::uintmax_t const size = check_input_file(path, std::numeric_limits<std::uintmax_t>::max());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path);
  try {
    weft::detail::PortableBound const bound(size);
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

inline constexpr std::size_t link_chunk = 1 << 16;

// Writes `value` and its checksum.
template <class Archive, class T>
void save_checked(Archive& ar, T const& value) {
  ar(value, fingerprint(value));
}
// Reads what save_checked wrote; a checksum that does not match is damage in `section`.
template <class Archive, class T>
void load_checked(Archive& ar, T& value, char const* section) {
  Fingerprint sum = 0;
  ar(value, sum);
  if (fingerprint(value) != sum) throw Error(std::string("its ") + section + " does not match its checksum (the file is damaged)");
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
  std::string const file = checkpoint_file(c.path, core.options.cluster);
  bool const together = distributed(core.options.cluster);
  write_file_atomic_with(together ? file + ".next" : file, [&](std::ostream& out) {
    {
      // Header and body are two archives, so that the header can be read alone.
      cereal::PortableBinaryOutputArchive header(out);
      CheckpointHeader h = c.header;
      h.magic = "weft-checkpoint";
      h.version = checkpoint_version;
      h.rank = core.rank();
      h.ranks = core.ranks();
      header(h);
    }
    cereal::PortableBinaryOutputArchive ar(out);
    std::vector<std::pair<Fingerprint, std::uint64_t>> findings;
    for (auto const& f : core.findings) findings.emplace_back(f ? f->fp : 0, f ? f->depth : 0);
    std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> coverage;
    for (auto const& row : core.coverage.rows()) coverage.emplace_back(row.enabled, row.taken, row.fresh);
    detail::save_checked(ar, std::tuple{core.generated.load(), static_cast<std::uint64_t>(bfs.depth()), findings, coverage});
    // Per shard: the keys' fingerprints, and their second halves (none with 64-bit keys).
    std::tuple<std::vector<Fingerprint>, std::vector<std::uint64_t>> shard;
    auto& fps = std::get<0>(shard);  // references, not a structured binding: clang before 16 cannot
    auto& checks = std::get<1>(shard);  // capture a binding in the lambda below
    for (std::size_t s = 0; s < FingerprintSet::shards; ++s) {
      fps.clear();
      checks.clear();
      core.visited.for_each_in_shard(s, [&](Key k) {
        fps.push_back(k.fp);
        if (core.visited.wide()) checks.push_back(k.check);
      });
      detail::save_checked(ar, shard);
    }
    Frontier const& level = bfs.level();
    ar(static_cast<std::uint64_t>(level.blocks()));
    // Stored forms name entries of this run's component tables: the file holds canonical encodings.
    typename Codec<M>::Workspace ws;
    typename M::State scratch{};
    ByteBuffer canonical, spilled;
    for (std::size_t b = 0; b < level.blocks(); ++b) {
      ByteBuffer block;
      level.block(b).for_each(spilled, [&](std::string_view record) {
        canonical.clear();
        stored_to_canonical<M>(core.codec, ws, record, scratch, canonical);
        detail::put_varint(block, canonical.size());
        block.append(canonical.data(), canonical.size());
      });
      detail::save_checked(ar, block.str());
    }
    detail::save_checked(ar, std::tuple{log.segments(), static_cast<std::uint64_t>(log.size())});
    std::vector<ParentLink> links;
    for (std::size_t at = 0; at < log.size(); at += links.size()) {
      log.read(at, std::min(detail::link_chunk, log.size() - at), links);
      detail::save_checked(ar, links);
    }
  });
  if (!together) return;
  sum(*core.options.cluster, 0);  // every rank's part is written: now they replace the last set
  std::filesystem::rename(file + ".next", file);
}

/// Restores a BFS from a checkpoint written by save_checkpoint for the same model. Every frontier state
/// is decoded once here, so a corrupt checkpoint is an error now rather than halfway through the run.
template <Model M>
void load_checkpoint(std::string const& base, SearchCore<M>& core, BreadthFirst<M>& bfs, ParentLog& log) {
  CheckpointHeader h;
  std::string const path = checkpoint_file(base, core.options.cluster);
  std::uintmax_t const size = check_input_file(path, std::numeric_limits<std::uintmax_t>::max());
  std::ifstream in = detail::open_checkpoint(path, h);
  if (h.ranks != core.ranks() || h.rank != core.rank())
    throw Error(path + " is rank " + std::to_string(h.rank) + " of a checkpoint taken by " + std::to_string(h.ranks) +
                (h.ranks == 1 ? " process: resume it without mpirun" : " ranks: resume it with mpirun -n " + std::to_string(h.ranks)));
  weft::detail::PortableBound const bound(size);  // no size in the file can ask for more than the file holds
  try {
    cereal::PortableBinaryInputArchive ar(in);
    std::tuple<std::uint64_t, std::uint64_t, std::vector<std::pair<Fingerprint, std::uint64_t>>,
               std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>>> counters;
    detail::load_checked(ar, counters, "counters");
    auto& [generated, depth, findings, coverage] = counters;
    if (findings.size() != core.findings.size()) throw Error("it was taken of a model with other properties");
    if (coverage.size() != core.coverage.classes()) throw Error("it was taken of a model with other actions");
    std::tuple<std::vector<Fingerprint>, std::vector<std::uint64_t>> shard;
    for (std::size_t s = 0; s < FingerprintSet::shards; ++s) {
      detail::load_checked(ar, shard, "visited set");
      auto const& [fps, checks] = shard;
      if (!fps.empty() && checks.empty() != !core.visited.wide())
        throw Error(checks.empty() ? "it was taken with 64-bit fingerprints: resume without --fingerprint-bits 128"
                                   : "it was taken with 128-bit fingerprints: resume with --fingerprint-bits 128");
      if (!checks.empty() && checks.size() != fps.size()) throw Error("its visited set's two key halves differ in number");
      for (std::size_t i = 0; i < fps.size(); ++i) core.visited.insert(Key{fps[i], checks.empty() ? 0 : checks[i]});
    }
    std::uint64_t blocks = 0;
    ar(blocks);
    if (blocks > size) throw Error("it declares more frontier blocks than it holds");
    Frontier level;
    typename M::State scratch{};
    typename Codec<M>::Workspace ws;
    ByteBuffer stored, spilled;
    std::string bytes;
    for (std::uint64_t b = 0; b < blocks; ++b) {
      detail::load_checked(ar, bytes, "frontier");
      FrontierBlock block;
      block.bytes.append(bytes.data(), bytes.size());
      block.for_each(spilled, [&](std::string_view record) {
        scratch = decode_bytes<typename M::State>(record, "a frontier state");
        if (std::string why = validate_state(core.model, scratch); !why.empty()) throw Error("a frontier state: " + why);
        stored.clear();
        core.codec.store(ws, scratch, stored);
        level.push(stored.view());
      });
    }
    std::tuple<ParentLog::Segments, std::uint64_t> layout;
    detail::load_checked(ar, layout, "parent log layout");
    auto& [segments, total] = layout;
    std::vector<ParentLink> links;
    for (std::uint64_t at = 0; at < total; at += links.size()) {
      detail::load_checked(ar, links, "parent links");
      if (links.empty()) throw Error("its parent links are truncated");
      log.append_raw(links);
    }
    log.set_segments(std::move(segments));
    core.generated = generated;
    std::vector<CoverageRow> rows;
    for (auto const& [enabled, taken, fresh] : coverage) rows.push_back({enabled, taken, fresh});
    core.coverage.set(std::move(rows));
    for (std::size_t i = 0; i < findings.size(); ++i)
      if (findings[i].second) {
        core.findings[i] = typename SearchCore<M>::Finding{findings[i].first, findings[i].second, std::nullopt};
        core.decided[i] = true;
      }
    if (distributed(core.options.cluster))
      for (auto d : gather(*core.options.cluster, depth))
        if (d != depth) throw Error("the ranks' files were taken at different levels (" + std::to_string(d) + " and " + std::to_string(depth) + ")");
    bfs.resume(std::move(level), depth);
  } catch (Error const& e) {
    throw Error(path + ": corrupt checkpoint: " + e.what());
  } catch (std::exception const& e) {
    throw Error(path + ": truncated or corrupt checkpoint (" + e.what() + ")");
  }
}

}  // namespace weft::checker
