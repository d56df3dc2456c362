// The whole public API of weft's core: reflection, serialisation, fingerprints, processes and worlds.
#pragma once

#include <weft/byte_buffer.hpp>
#include <weft/canonical_archive.hpp>
#include <weft/compare.hpp>
#include <weft/context.hpp>
#include <weft/decode.hpp>
#include <weft/diff.hpp>
#include <weft/document.hpp>
#include <weft/effects.hpp>
#include <weft/encode.hpp>
#include <weft/enum.hpp>
#include <weft/error.hpp>
#include <weft/events.hpp>
#include <weft/file.hpp>
#include <weft/fingerprint.hpp>
#include <weft/model.hpp>
#include <weft/network.hpp>
#include <weft/node_id.hpp>
#include <weft/print.hpp>
#include <weft/process.hpp>
#include <weft/property.hpp>
#include <weft/protocol.hpp>
#include <weft/reflect.hpp>
#include <weft/replay.hpp>
#include <weft/rewrite.hpp>
#include <weft/rng.hpp>
#include <weft/serialize.hpp>
#include <weft/settings.hpp>
#include <weft/snapshot.hpp>
#include <weft/stepping.hpp>
#include <weft/trace.hpp>
#include <weft/world.hpp>
#include <weft/world_settings.hpp>
#include <weft/world_state.hpp>
#include <weft/world_symmetry.hpp>

