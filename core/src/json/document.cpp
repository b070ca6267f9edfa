#include "sextant/json/document.hpp"

#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>

#include <fstream>
#include <sstream>

namespace sextant::json {

Diagnostic Document::diagnose(std::string pointer, std::string message, bool at_key) const {
  TextPosition at = at_key ? locations.key(pointer) : locations.value(pointer);
  return Diagnostic{name, at, std::move(pointer), std::move(message)};
}

namespace {

std::string describe_syntax_error(const boost::system::error_code& ec, std::string_view text,
                                  std::size_t offset) {
  namespace je = boost::json;
  if (ec == je::error::incomplete || offset >= text.size())
    return "syntax error: the file ends before the JSON is complete";
  if (ec == je::error::extra_data) return "syntax error: unexpected text after the end of the document";
  char c = text[offset];
  std::string shown;
  if (c == '\n' || c == '\r') shown = "end of line";
  else if (static_cast<unsigned char>(c) < 0x20) shown = "control character";
  else shown = std::string("'") + c + "'";
  if (ec == je::error::syntax) return "syntax error: unexpected " + shown;
  return "syntax error: " + ec.message() + " at " + shown;
}

}  // namespace

std::optional<Document> parse_document(std::string name, std::string_view text, Diagnostics& out) {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec || !parser.done()) {
    if (!ec) ec = boost::json::error::incomplete;
    // write_some stops at the offending byte; finish() reports an incomplete document at its end.
    std::size_t offset = consumed;
    LocationIndex positions = LocationIndex::build(text);
    out.push_back(Diagnostic{std::move(name), positions.position(offset),
                             LocationIndex::pointer_at(text, offset),
                             describe_syntax_error(ec, text, offset)});
    return std::nullopt;
  }
  return Document{std::move(name), parser.release(), LocationIndex::build(text)};
}

std::optional<Document> load_document(const std::filesystem::path& path, Diagnostics& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.push_back(Diagnostic{path.string(), {1, 1}, "", "cannot read the file (missing or not readable)"});
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_document(path.string(), buffer.str(), out);
}

}  // namespace sextant::json
