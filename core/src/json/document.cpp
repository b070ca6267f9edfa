#include "sextant/json/document.hpp"

#include "sextant/json/limits.hpp"
#include "sextant/plugin/regular_file.hpp"
#include "text_problems.hpp"

#include <boost/json/error.hpp>
#include <boost/json/stream_parser.hpp>

#include <cmath>

namespace sextant::json {

Diagnostic Document::diagnose(std::string pointer, std::string message, bool at_key) const {
  TextPosition at = at_key ? locations.key(pointer) : locations.value(pointer);
  return Diagnostic{name, at, std::move(pointer), std::move(message)};
}

namespace {

Diagnostic at_offset(std::string name, std::string_view text, std::size_t offset, std::string pointer,
                     std::string message) {
  return Diagnostic{std::move(name), LocationIndex::position(text, offset), std::move(pointer), std::move(message)};
}

// Boost.JSON reads 1e400 as infinity; no figure of a plan or config is that large.
void refuse_infinite_numbers(const Document& doc, const boost::json::value& v, const std::string& pointer,
                             Diagnostics& out) {
  if (v.is_double() && !std::isfinite(v.get_double())) {
    out.push_back(doc.diagnose(pointer, "a number too large to read"));
  } else if (v.is_array()) {
    const auto& array = v.get_array();
    for (std::size_t i = 0; i < array.size(); ++i)
      refuse_infinite_numbers(doc, array[i], pointer_append(pointer, std::to_string(i)), out);
  } else if (v.is_object()) {
    for (const auto& member : v.get_object())
      refuse_infinite_numbers(doc, member.value(), pointer_append(pointer, member.key()), out);
  }
}

}  // namespace

std::optional<Document> parse_document(std::string name, std::string_view text, Diagnostics& out) {
  if (auto problem = detail::check_text(text)) {
    std::string pointer = problem->offset == 0 ? "" : LocationIndex::error_place(text, problem->offset).pointer;
    out.push_back(at_offset(std::move(name), text, problem->offset, std::move(pointer), std::move(problem->message)));
    return std::nullopt;
  }
  boost::json::stream_parser parser({}, reading_options());
  boost::system::error_code ec;
  // write() (unlike write_some) also refuses text after the end of the document.
  std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec || !parser.done()) {
    if (!ec) ec = boost::json::error::incomplete;
    // write() stops at the offending byte; finish() reports an incomplete document at its end.
    auto place = LocationIndex::error_place(text, consumed);
    auto problem = detail::describe_syntax_error(ec, text, consumed, place);
    out.push_back(at_offset(std::move(name), text, problem.offset, std::move(place.pointer), std::move(problem.message)));
    return std::nullopt;
  }
  std::vector<DuplicateKey> duplicates;
  Document doc{std::move(name), parser.release(), LocationIndex::build(text, duplicates)};
  const std::size_t before = out.size();
  for (const auto& d : duplicates)
    out.push_back(Diagnostic{doc.name, d.second, d.pointer,
                             "duplicate key \"" + d.name + "\": first given at " + std::to_string(d.first.line) +
                                 ":" + std::to_string(d.first.column)});
  refuse_infinite_numbers(doc, doc.root, "", out);
  if (out.size() != before) return std::nullopt;
  return doc;
}

std::optional<Document> load_document(const std::filesystem::path& path, Diagnostics& out) {
  auto text = plugin::read_regular_file(path, kMaxDocumentBytes);
  if (!text) {
    out.push_back(Diagnostic{path.string(), {1, 1}, "", text.error().message});
    return std::nullopt;
  }
  return parse_document(path.string(), *text, out);
}

}  // namespace sextant::json
