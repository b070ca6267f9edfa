// A report as a plain document (headings, paragraphs, tables, preformatted text), written out as
// terminal text that fits 100 columns or as Markdown that pastes into a wiki or an issue.
#pragma once

#include <string>
#include <vector>

namespace sextant::report {

struct Table {
  std::vector<std::string> headers;
  std::vector<bool> numeric;                     ///< right-aligned, never wrapped
  std::vector<std::vector<std::string>> rows;
};

struct Block {
  enum class Kind { heading, paragraph, bullets, table, preformatted };
  Kind kind = Kind::paragraph;
  std::string text;                              ///< heading, paragraph or preformatted text
  std::vector<std::string> items;                ///< bullets
  Table table;
};

using Document = std::vector<Block>;

/// Terminal text: paragraphs and table cells wrapped so that no line exceeds `width`.
std::string to_text(const Document& document, std::size_t width = 100);
/// GitHub-flavoured Markdown.
std::string to_markdown(const Document& document);

}  // namespace sextant::report
