// A streaming (SAX) read of a JSON body for the WooCommerce mapping: boost::json::basic_parser's
// callbacks reduced to keys, scalar values and containers, strings and keys whole however the
// parser splits them, and the containers a reader does not want skipped without a look inside.
// No DOM is built: the mapping keeps only the fields it needs.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::woo {

/// One value as the parser met it; a container only announces itself (its contents follow).
struct JsonScalar {
  enum class Kind : std::uint8_t { null, boolean, int64, uint64, number, string, object, array } kind = Kind::null;
  std::string_view text;  ///< a string's content, whole; valid until the next event
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double number = 0;
  bool boolean = false;

  [[nodiscard]] bool container() const { return kind == Kind::object || kind == Kind::array; }
};

/// `Reader` gets, in document order:
///   bool value(const JsonScalar&)  any value; for a container, true to read inside it (then
///                                  key/value calls for its members, then end()), false to skip
///                                  it; ignored for scalars
///   void key(std::string_view)     an object's member name, before its value
///   void end()                     the end of a container value() chose to read
///   const Error* failed()          a mapping error that stops the read, or nullptr
template <class Reader>
class JsonEvents {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  explicit JsonEvents(Reader& reader) : reader_(reader) {}

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) { return begin(JsonScalar::Kind::object, ec); }
  bool on_array_begin(boost::system::error_code& ec) { return begin(JsonScalar::Kind::array, ec); }
  bool on_object_end(std::size_t, boost::system::error_code& ec) { return end(ec); }
  bool on_array_end(std::size_t, boost::system::error_code& ec) { return end(ec); }

  bool on_key_part(std::string_view part, std::size_t, boost::system::error_code&) {
    if (skipping_ == 0) parts_.append(part);
    return true;
  }
  bool on_key(std::string_view last, std::size_t, boost::system::error_code& ec) {
    if (skipping_ != 0) return true;
    reader_.key(whole(last));
    parts_.clear();
    return ok(ec);
  }
  bool on_string_part(std::string_view part, std::size_t, boost::system::error_code&) {
    if (skipping_ == 0) parts_.append(part);
    return true;
  }
  bool on_string(std::string_view last, std::size_t, boost::system::error_code& ec) {
    if (skipping_ != 0) return true;
    JsonScalar v;
    v.kind = JsonScalar::Kind::string;
    v.text = whole(last);
    reader_.value(v);
    parts_.clear();
    return ok(ec);
  }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t x, std::string_view, boost::system::error_code& ec) {
    JsonScalar v;
    v.kind = JsonScalar::Kind::int64;
    v.int64 = x;
    return scalar(v, ec);
  }
  bool on_uint64(std::uint64_t x, std::string_view, boost::system::error_code& ec) {
    JsonScalar v;
    v.kind = JsonScalar::Kind::uint64;
    v.uint64 = x;
    return scalar(v, ec);
  }
  bool on_double(double x, std::string_view, boost::system::error_code& ec) {
    JsonScalar v;
    v.kind = JsonScalar::Kind::number;
    v.number = x;
    return scalar(v, ec);
  }
  bool on_bool(bool x, boost::system::error_code& ec) {
    JsonScalar v;
    v.kind = JsonScalar::Kind::boolean;
    v.boolean = x;
    return scalar(v, ec);
  }
  bool on_null(boost::system::error_code& ec) { return scalar(JsonScalar{}, ec); }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

 private:
  // A string or key split across parts is read from parts_; whole, it is read in place.
  std::string_view whole(std::string_view last) {
    if (parts_.empty()) return last;
    parts_.append(last);
    return parts_;
  }
  bool begin(JsonScalar::Kind kind, boost::system::error_code& ec) {
    if (skipping_ != 0) {
      ++skipping_;
      return true;
    }
    JsonScalar v;
    v.kind = kind;
    if (!reader_.value(v)) skipping_ = 1;
    return ok(ec);
  }
  bool end(boost::system::error_code& ec) {
    if (skipping_ != 0) {
      --skipping_;
      return true;
    }
    reader_.end();
    return ok(ec);
  }
  bool scalar(const JsonScalar& v, boost::system::error_code& ec) {
    if (skipping_ != 0) return true;
    reader_.value(v);
    return ok(ec);
  }
  // After a mapping error the rest is only parsed, to the end: a body cut short is told apart
  // from a body read wrong (read_json).
  bool ok(boost::system::error_code&) {
    if (reader_.failed() != nullptr && skipping_ == 0) skipping_ = kRest;
    return true;
  }
  static constexpr std::size_t kRest = std::size_t(1) << 40;  // deeper than any container ends

  Reader& reader_;
  std::string parts_;      // reused: allocates only for strings the parser split
  std::size_t skipping_ = 0;  // depth inside a skipped container, 0 when reading
};

/// Feeds the whole of `body` to `reader` (after its first error, the rest is only parsed): what is
/// wrong with the body's JSON syntax and where, as the core words it ("incomplete JSON at byte 1200
/// of 1200"), else nullopt, and the reader's own error, if any, in reader.failed().
template <class Reader>
std::optional<std::string> read_json(std::string_view body, Reader& reader) {
  boost::json::parse_options options;
  options.max_depth = 10'000;  // as deep as the core's syntax check lets through (json_syntax.cpp)
  boost::json::basic_parser<JsonEvents<Reader>> parser(options, reader);
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
  if (!ec && used < body.size()) ec = boost::json::error::extra_data;
  if (!ec) return std::nullopt;
  return ec.message() + " at byte " + std::to_string(used) + " of " + std::to_string(body.size());
}

}  // namespace sextant::woo
