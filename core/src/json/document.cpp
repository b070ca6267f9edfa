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
  if (c == '\n' || c == '\r') return "syntax error: unexpected end of line inside a string: is a closing quote missing?";
  else if (static_cast<unsigned char>(c) < 0x20) shown = "control character";
  else shown = std::string("'") + c + "'";
  if (ec == je::error::syntax) {
    // A value or a name right after a complete value: the usual cause is a forgotten comma.
    std::size_t before = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
    bool value_ended = before != std::string_view::npos && offset > 0 &&
                       std::string_view("\"}]0123456789el").find(text[before]) != std::string_view::npos;
    bool value_starts = std::string_view("\"{[-0123456789tfn").find(c) != std::string_view::npos;
    if (value_ended && value_starts) return "syntax error: unexpected " + shown + ": is a comma missing before it?";
    return "syntax error: unexpected " + shown;
  }
  return "syntax error: " + ec.message() + " at " + shown;
}

}  // namespace

std::optional<Document> parse_document(std::string name, std::string_view text, Diagnostics& out) {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  // write() (unlike write_some) also refuses text after the end of the document.
  std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec || !parser.done()) {
    if (!ec) ec = boost::json::error::incomplete;
    // write() stops at the offending byte; finish() reports an incomplete document at its end.
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
