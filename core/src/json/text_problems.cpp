#include "text_problems.hpp"

#include "sextant/json/limits.hpp"
#include "sextant/plugin/regular_file.hpp"

#include <boost/json/error.hpp>

#include <charconv>
#include <cstdio>

namespace sextant::json::detail {

namespace {

// The offset of the first byte that is not UTF-8 (RFC 3629: no overlong forms, no encoded
// surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead == 0xE0) length = 3, low = 0xA0;
    else if (lead == 0xED) length = 3, high = 0x9F;
    else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
    else if (lead == 0xF0) length = 4, low = 0x90;
    else if (lead == 0xF4) length = 4, high = 0x8F;
    else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
    else return i;
    if (text.size() - i < length) return i;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) return i;
    for (std::size_t k = 2; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string hex_byte(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

// The value of the \u escape at `at` if it is a UTF-16 surrogate (D800-DFFF).
std::optional<unsigned> surrogate_at(std::string_view text, std::size_t at) {
  if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return std::nullopt;
  unsigned value = 0;
  auto hex = text.substr(at + 2, 4);
  if (std::from_chars(hex.data(), hex.data() + 4, value, 16).ptr != hex.data() + 4) return std::nullopt;
  if (value < 0xD800 || value > 0xDFFF) return std::nullopt;
  return value;
}

// Where the lone surrogate escape behind the parser's error `ec` at `offset` starts, if that is
// the error: the parser stops just after a first half with no second, inside a second half
// with no first, or a few bytes into the escape that should have been the second half.
std::optional<std::size_t> lone_surrogate(const boost::system::error_code& ec, std::string_view text,
                                          std::size_t offset) {
  namespace je = boost::json;
  if (ec == je::error::syntax) {
    if (offset < 6) return std::nullopt;
    auto value = surrogate_at(text, offset - 6);
    return value && *value < 0xDC00 ? std::optional(offset - 6) : std::nullopt;
  }
  if (ec != je::error::illegal_leading_surrogate && ec != je::error::illegal_trailing_surrogate &&
      ec != je::error::expected_utf16_escape)
    return std::nullopt;
  for (std::size_t back = 0; back <= 12 && back <= offset; ++back)
    if (surrogate_at(text, offset - back)) return offset - back;
  return std::nullopt;
}

// The character at `offset` as a message shows it: the whole of a UTF-8 sequence.
std::string character_at(std::string_view text, std::size_t offset) {
  const auto lead = static_cast<unsigned char>(text[offset]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return "'" + std::string(text.substr(offset, length)) + "'";
}

}  // namespace

std::optional<TextProblem> check_text(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) return TextProblem{0, plugin::too_large_message(kMaxDocumentBytes)};
  if (text.starts_with("\xEF\xBB\xBF")) return TextProblem{0, "a byte-order mark: save the file as UTF-8 without BOM"};
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    return TextProblem{0, "a UTF-16 byte-order mark: save the file as UTF-8 without BOM"};
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return TextProblem{0, "the file is empty: expected a JSON object"};
  if (auto bad = first_invalid_utf8(text); bad != std::string_view::npos)
    return TextProblem{bad, "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(text[bad])) +
                                "): save the file as UTF-8"};
  return std::nullopt;
}

namespace {

// Errors that the parser's code alone says, or the place: depth, numbers, escapes, the end.
std::optional<TextProblem> problem_of_the_error(const boost::system::error_code& ec, std::string_view text,
                                                std::size_t offset, const LocationIndex::ErrorPlace& place) {
  namespace je = boost::json;
  if (ec == je::error::too_deep)
    return TextProblem{offset, "nested deeper than " + std::to_string(kMaxNestingDepth) + " levels, the most Sextant reads"};
  if (ec == je::error::exponent_overflow) {
    while (offset > 0 && std::string_view("0123456789+-.eE").find(text[offset - 1]) != std::string_view::npos)
      --offset;
    return TextProblem{offset, "a number too large to read"};
  }
  if (auto at = lone_surrogate(ec, text, offset))
    return TextProblem{*at, "a lone UTF-16 surrogate " + std::string(text.substr(*at, 6)) +
                                ": write the character itself, or both halves of its pair"};
  if (ec == je::error::expected_hex_digit)
    return TextProblem{offset, "syntax error: \\u must be followed by four hex digits"};
  if (place.open_comment != std::string_view::npos)
    return TextProblem{place.open_comment, "syntax error: a /* comment that is never closed with */"};
  if (ec == je::error::incomplete || offset >= text.size())
    return TextProblem{offset, "syntax error: the file ends before the JSON is complete"};
  if (ec == je::error::extra_data)
    return TextProblem{offset, "syntax error: unexpected text after the end of the document"};
  return std::nullopt;
}

// A character the parser did not expect at `offset`, and its likely cause.
TextProblem unexpected_character(std::string_view text, std::size_t offset, const LocationIndex::ErrorPlace& place) {
  const char c = text[offset];
  if (c == '\n' || c == '\r')
    return {offset, "syntax error: unexpected end of line inside a string: is a closing quote missing?"};
  if (static_cast<unsigned char>(c) < 0x20) {
    char code[8];
    std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(c));
    if (place.in_string)
      return {offset, std::string("syntax error: control character U+") + code +
                          " inside a string: write it as an escape (\\t, \\n or \\u" + code + ")"};
    return {offset, std::string("syntax error: control character U+") + code +
                        ": only spaces, tabs and line breaks may stand between values"};
  }
  // The parser read a '/' as the start of a comment and stops at the byte after it.
  if (offset > 0 && text[offset - 1] == '/')
    return {offset - 1, "syntax error: a '/' that does not start a comment (// or /* */)"};
  if (c == '}' && place.open == '[')
    return {offset, "syntax error: unexpected '}' inside an array: is a ']' missing before it?"};
  if (c == ']' && place.open == '{')
    return {offset, "syntax error: unexpected ']' inside an object: is a '}' missing before it?"};
  const std::string shown = character_at(text, offset);
  // A value or a name right after a complete value: the usual cause is a forgotten comma.
  std::size_t before = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
  bool value_ended = before != std::string_view::npos && offset > 0 &&
                     std::string_view("\"}]0123456789el").find(text[before]) != std::string_view::npos;
  bool value_starts = std::string_view("\"{[-0123456789tfn").find(c) != std::string_view::npos;
  if (value_ended && value_starts) return {offset, "syntax error: unexpected " + shown + ": is a comma missing before it?"};
  for (std::string_view quote : {"\u201C", "\u201D", "\u2018", "\u2019", "\u00AB", "\u00BB"})
    if (shown == "'" + std::string(quote) + "'")
      return {offset, "syntax error: unexpected " + shown + ": JSON strings take straight double quotes (\")"};
  return {offset, "syntax error: unexpected " + shown};
}

}  // namespace

TextProblem describe_syntax_error(const boost::system::error_code& ec, std::string_view text, std::size_t offset,
                                  const LocationIndex::ErrorPlace& place) {
  if (auto problem = problem_of_the_error(ec, text, offset, place)) return std::move(*problem);
  if (ec != boost::json::error::syntax)
    return {offset, "syntax error: " + ec.message() + " at " + character_at(text, offset)};
  return unexpected_character(text, offset, place);
}

}  // namespace sextant::json::detail
