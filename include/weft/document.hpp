// Files that hold weft's data (traces, snapshots): a reflected struct whose first field is its header,
// written as JSON by cereal (readable, diffable in review) or in binary as weft's canonical encoding
// (little-endian, explicit sizes: portable between machines, and its reader checks every size against the
// bytes left, so a corrupt file cannot ask for a huge allocation). Writes are atomic. Loading reports one
// error naming the file and the position: a line and column in JSON, a byte offset in binary.
#pragma once

#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/error.hpp>
#include <weft/file.hpp>
#include <weft/json_check.hpp>
#include <weft/serialize.hpp>

#include <boost/hana/at.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <filesystem>
#include <sstream>
#include <string>

namespace weft {

/// How a document is written.
enum class Format {
  json,    ///< cereal's JSON, fields named
  binary,  ///< weft's canonical encoding
};

/// The printed name of a format.
inline char const* to_string(Format f) { return f == Format::json ? "json" : "binary"; }

/// The format a file name asks for: `.bin` means binary, anything else JSON.
inline Format format_for(std::filesystem::path const& path) {
  return path.extension() == ".bin" ? Format::binary : Format::json;
}

/// The format of bytes read from a file: JSON starts with `{` or `[` (after blanks); weft's binary
/// documents start with the length of their format name.
inline Format format_of(std::string const& bytes) {
  for (char c : bytes) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[' ? Format::json : Format::binary;
  }
  return Format::binary;
}

namespace detail {
// The first field of a reflected struct: a document's header.
template <Reflected Doc>
auto& first_field(Doc& doc) {
  return boost::hana::second(boost::hana::at_c<0>(boost::hana::accessors<Doc>()))(doc);
}

// Parses JSON once to report syntax errors with their line and column (cereal's own message would not);
// the document is then held to the types before cereal reads it (json_check.hpp).
inline rapidjson::Document parse_json(std::string const& text, std::string const& what) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag>(
      text.c_str(), text.size());
  if (!doc.HasParseError()) {
    if (!doc.IsObject()) throw Error(what + ": malformed: the top level is not a JSON object");
    return doc;
  }
  std::size_t const at = doc.GetErrorOffset();
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) text[i] == '\n' ? (++line, column = 1) : ++column;
  throw Error(what + ":" + std::to_string(line) + ":" + std::to_string(column) + ": malformed JSON: " +
              rapidjson::GetParseError_En(doc.GetParseError()));
}

template <class Doc>
void write_json(std::ostream& out, Doc const& doc) {
  cereal::JSONOutputArchive ar(out);
  for_each_field(doc, [&](char const* name, auto const& field) { ar(cereal::make_nvp(name, field)); });
}
}  // namespace detail

/// Writes `doc` to `path` atomically, in `format`.
template <Reflected Doc>
void save_document(std::filesystem::path const& path, Doc const& doc, Format format) {
  write_file_atomic_with(path, [&](std::ostream& out) {
    if (format == Format::json) {
      detail::write_json(out, doc);
      out << "\n";
    } else {
      ByteBuffer bytes;
      encode(bytes, doc);
      out.write(reinterpret_cast<char const*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
  });
}

/// Reads only the header (the first field, of type Header) of a document file.
template <Reflected Header>
Header load_document_header(std::filesystem::path const& path) {
  std::string const bytes = read_file(path);
  std::string const what = path.string();
  Header h{};
  if (format_of(bytes) == Format::json) {
    auto const dom = detail::parse_json(bytes, what);
    try {
      check_json<Header>(detail::json_member(dom, "header", ""), "header");
    } catch (Error const& e) {
      throw Error(what + ": " + e.what());
    }
    try {
      std::istringstream in(bytes);
      cereal::JSONInputArchive ar(in);
      ar(cereal::make_nvp("header", h));
    } catch (std::exception const& e) {
      throw Error(what + ": malformed header: " + e.what());
    }
  } else {
    ByteReader in(bytes, what);
    decode(in, h);
  }
  return h;
}

namespace detail {
struct DocumentKind {
  BOOST_HANA_DEFINE_STRUCT(DocumentKind, (std::string, format));
};
}  // namespace detail

/// The kind a document file says it is (its header's `format`: "weft-trace", "weft-snapshot"...).
inline std::string document_kind(std::filesystem::path const& path) {
  return load_document_header<detail::DocumentKind>(path).format;
}

/// Reads a whole document; `validate(header)` runs after the header is read and before the body, so that
/// a wrong kind or version is reported as such rather than as malformed content.
template <Reflected Doc, class Validate>
Doc load_document(std::filesystem::path const& path, Validate&& validate) {
  using Header = std::tuple_element_t<0, field_types_t<Doc>>;
  std::string const bytes = read_file(path);
  std::string const what = path.string();
  Doc doc{};
  if (format_of(bytes) == Format::json) {
    auto const dom = detail::parse_json(bytes, what);
    validate(load_document_header<Header>(path));  // a wrong kind or version is said as such, first
    try {
      for_each_field(doc, [&](char const* name, auto& value) {
        check_json<std::remove_cvref_t<decltype(value)>>(detail::json_member(dom, name, ""), name);
      });
    } catch (Error const& e) {
      throw Error(what + ": " + e.what());
    }
    std::istringstream in(bytes);
    std::string field = "header";
    try {
      cereal::JSONInputArchive ar(in);
      for_each_field(doc, [&](char const* name, auto& value) {
        field = name;
        ar(cereal::make_nvp(name, value));
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, Header>)
          if (&value == static_cast<void const*>(&detail::first_field(doc))) validate(value);
      });
    } catch (Error const&) {
      throw;
    } catch (std::exception const& e) {
      throw Error(what + ": malformed '" + field + "': " + e.what());
    }
  } else {
    ByteReader in(bytes, what);
    for_each_field(doc, [&](char const*, auto& value) {
      decode(in, value);
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, Header>)
        if (&value == static_cast<void const*>(&detail::first_field(doc))) validate(value);
    });
    in.expect_end();
  }
  return doc;
}

}  // namespace weft
