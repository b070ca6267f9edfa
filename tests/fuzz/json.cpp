// The JSON reader of users' files: parse_document (comments, trailing commas, located syntax
// errors) and the location lookups that every message about plan.json and sextant.json uses.
#include "fuzz_check.hpp"

#include <sextant/json/document.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using sextant::json::Document;
using sextant::json::TextPosition;

// Where a position can be: within the text's lines, or at the end of its last one.
bool inside(const TextPosition& at, std::string_view text) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  return at.line >= 1 && at.line <= lines && at.column >= 1 && static_cast<std::size_t>(at.column) <= text.size() + 1;
}

// Every value and member name of the document is looked up by its pointer.
void visit(const Document& doc, const boost::json::value& v, const std::string& pointer, std::string_view text) {
  FUZZ_CHECK(inside(doc.locations.value(pointer), text));
  FUZZ_CHECK(inside(doc.locations.key(pointer), text));
  (void)doc.diagnose(pointer, "checked");
  if (v.is_object()) {
    for (const auto& member : v.get_object())
      visit(doc, member.value(), sextant::json::pointer_append(pointer, member.key()), text);
  } else if (v.is_array()) {
    std::size_t i = 0;
    for (const auto& element : v.get_array()) visit(doc, element, pointer + "/" + std::to_string(i++), text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sextant::json::Diagnostics diagnostics;
  auto doc = sextant::json::parse_document("fuzz.json", text, diagnostics);
  if (!doc) {
    // One syntax error, or every duplicate key: each at a place in the text.
    FUZZ_CHECK(!diagnostics.empty());
    for (const auto& d : diagnostics) {
      FUZZ_CHECK(inside(d.position, text));
      (void)d.to_string();
    }
    return 0;
  }
  FUZZ_CHECK(diagnostics.empty());
  visit(*doc, doc->root, "", text);
  // Pointers that name nothing fall back to their nearest ancestor.
  FUZZ_CHECK(inside(doc->locations.value("/no/such/member"), text));
  for (std::size_t offset = 0; offset <= size; offset += 1 + size / 16)
    FUZZ_CHECK(inside(sextant::json::LocationIndex::position(text, offset), text));
  return 0;
}
