#include "sextant/http/json_syntax.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace sextant::http {

namespace {

// A handler that keeps nothing: the parser only checks the syntax (no DOM, no allocation per value).
struct Discard {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  using ec = boost::system::error_code;
  bool on_document_begin(ec&) { return true; }
  bool on_document_end(ec&) { return true; }
  bool on_object_begin(ec&) { return true; }
  bool on_object_end(std::size_t, ec&) { return true; }
  bool on_array_begin(ec&) { return true; }
  bool on_array_end(std::size_t, ec&) { return true; }
  bool on_key_part(std::string_view, std::size_t, ec&) { return true; }
  bool on_key(std::string_view, std::size_t, ec&) { return true; }
  bool on_string_part(std::string_view, std::size_t, ec&) { return true; }
  bool on_string(std::string_view, std::size_t, ec&) { return true; }
  bool on_number_part(std::string_view, ec&) { return true; }
  bool on_int64(std::int64_t, std::string_view, ec&) { return true; }
  bool on_uint64(std::uint64_t, std::string_view, ec&) { return true; }
  bool on_double(double, std::string_view, ec&) { return true; }
  bool on_bool(bool, ec&) { return true; }
  bool on_null(ec&) { return true; }
  bool on_comment_part(std::string_view, ec&) { return true; }
  bool on_comment(std::string_view, ec&) { return true; }
};

bool looks_like_json(const plugin::HttpResponse& r) {
  auto type = r.header("content-type").value_or("");
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type.find("json") != std::string::npos) return true;
  if (!type.empty()) return false;
  auto first = r.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (r.body[first] == '{' || r.body[first] == '[');
}

}  // namespace

std::optional<std::string> json_syntax_error(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = 10'000;  // only the syntax is judged here; the reader sets its own limits
  boost::json::basic_parser<Discard> parser(options);
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
  if (!ec && used < body.size()) ec = boost::json::error::extra_data;
  if (!ec) return std::nullopt;
  return ec.message() + " at byte " + std::to_string(used) + " of " + std::to_string(body.size());
}

Result<boost::json::value> parse_json_document(std::string_view body) {
  boost::json::stream_parser parser;
  parser.reset(boost::json::make_shared_resource<boost::json::monotonic_resource>());  // the document's own
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(body.data(), body.size(), ec);
  if (!ec && used < body.size()) ec = boost::json::error::extra_data;
  if (!ec) parser.finish(ec);
  if (ec)
    return make_error(Errc::bad_response,
                      ec.message() + " at byte " + std::to_string(used) + " of " + std::to_string(body.size()));
  return parser.release();
}

void judge_json_body(const plugin::HttpRequest& request, Exchange& x) {
  if (!x.response || !request.expect_json) return;
  auto& r = *x.response;
  if (r.status < 200 || r.status >= 300) return;
  if (!looks_like_json(r)) {
    x.json = JsonBody::not_json;
    return;
  }
  if (r.status == 204) return;  // No Content: nothing to parse
  if (request.inspector_reads_json && !request.keep_document) {
    x.json = JsonBody::left_to_inspector;
    return;
  }
  std::optional<std::string> broken;
  if (request.keep_document) {
    auto document = parse_json_document(r.body);
    if (document) {
      // Constructed in place, never assigned: an assignment would copy it out of its arena.
      std::destroy_at(&r.document);
      std::construct_at(&r.document, std::move(*document));
    } else {
      broken = document.error().message;
    }
  } else {
    broken = json_syntax_error(r.body);
  }
  x.json = broken ? JsonBody::broken : JsonBody::sound;
  if (broken) x.json_error = std::move(*broken);
}

}  // namespace sextant::http
