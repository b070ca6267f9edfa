#include "sextant/report/document.hpp"

#include <algorithm>
#include <numeric>

namespace sextant::report {

namespace {

// Display width: UTF-8 code points (the report's text is Latin, with a few symbols).
std::size_t width_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string pad_right(const std::string& s, std::size_t w) { return s + std::string(w - std::min(w, width_of(s)), ' '); }
std::string pad_left(const std::string& s, std::size_t w) { return std::string(w - std::min(w, width_of(s)), ' ') + s; }

// Greedy word wrap; a word longer than the width is cut.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(at, end - at);
    at = end + 1;
    while (width_of(word) > width) {
      if (!line.empty()) lines.push_back(line), line.clear();
      lines.push_back(word.substr(0, width));
      word = word.substr(width);
    }
    if (!line.empty() && width_of(line) + 1 + width_of(word) > width) lines.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string text_table(const Table& t, std::size_t max_width) {
  const std::size_t n = t.headers.size();
  std::vector<std::size_t> w(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = width_of(t.headers[i]);
    for (const auto& r : t.rows) w[i] = std::max(w[i], width_of(r[i]));
  }
  // Too wide: narrow the widest text column, one character at a time, down to 12.
  auto total = [&] { return std::accumulate(w.begin(), w.end(), std::size_t{0}) + 2 * (n - 1); };
  while (total() > max_width) {
    std::size_t widest = n;
    for (std::size_t i = 0; i < n; ++i)
      if (!t.numeric[i] && w[i] > 12 && (widest == n || w[i] > w[widest])) widest = i;
    if (widest == n) break;
    --w[widest];
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> wrapped;
    std::size_t height = 1;
    for (std::size_t i = 0; i < n; ++i) {
      wrapped.push_back(t.numeric[i] ? std::vector<std::string>{cells[i]} : wrap(cells[i], w[i]));
      height = std::max(height, wrapped.back().size());
    }
    for (std::size_t line = 0; line < height; ++line) {
      std::string s;
      for (std::size_t i = 0; i < n; ++i) {
        std::string cell = line < wrapped[i].size() ? wrapped[i][line] : "";
        s += (i ? "  " : "") + (t.numeric[i] ? pad_left(cell, w[i]) : pad_right(cell, w[i]));
      }
      while (!s.empty() && s.back() == ' ') s.pop_back();
      out += s + "\n";
    }
  };
  emit(t.headers);
  std::string rule;
  for (std::size_t i = 0; i < n; ++i) rule += (i ? "  " : "") + std::string(w[i], '-');
  out += rule + "\n";
  for (const auto& r : t.rows) emit(r);
  return out;
}

std::string escape_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

}  // namespace

std::string to_text(const Document& document, std::size_t width) {
  std::string out;
  for (const auto& b : document) {
    if (!out.empty()) out += "\n";
    switch (b.kind) {
      case Block::Kind::heading: {
        std::string title = b.text;
        out += title + "\n" + std::string(width_of(title), '=') + "\n";
        break;
      }
      case Block::Kind::paragraph:
        for (const auto& line : wrap(b.text, width)) out += line + "\n";
        break;
      case Block::Kind::bullets:
        for (const auto& item : b.items) {
          auto lines = wrap(item, width - 2);
          for (std::size_t i = 0; i < lines.size(); ++i) out += (i == 0 ? "- " : "  ") + lines[i] + "\n";
        }
        break;
      case Block::Kind::table: out += text_table(b.table, width); break;
      case Block::Kind::preformatted: out += b.text; break;
    }
  }
  return out;
}

std::string to_markdown(const Document& document) {
  std::string out;
  for (const auto& b : document) {
    if (!out.empty()) out += "\n";
    switch (b.kind) {
      case Block::Kind::heading: out += (out.empty() ? "# " : "## ") + b.text + "\n"; break;
      case Block::Kind::paragraph: out += b.text + "\n"; break;
      case Block::Kind::bullets:
        for (const auto& item : b.items) out += "- " + item + "\n";
        break;
      case Block::Kind::table: {
        const auto& t = b.table;
        out += "|";
        for (const auto& h : t.headers) out += " " + escape_cell(h) + " |";
        out += "\n|";
        for (std::size_t i = 0; i < t.headers.size(); ++i) out += t.numeric[i] ? " ---: |" : " --- |";
        out += "\n";
        for (const auto& r : t.rows) {
          out += "|";
          for (const auto& c : r) out += " " + escape_cell(c) + " |";
          out += "\n";
        }
        break;
      }
      case Block::Kind::preformatted: out += "```\n" + b.text + "```\n"; break;
    }
  }
  return out;
}

}  // namespace sextant::report
