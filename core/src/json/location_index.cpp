#include "sextant/json/location_index.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace sextant::json {

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}
}  // namespace

// A forgiving recursive walk over JSON text: it records where every value and member name
// starts, and stops quietly at `limit` (or at the first thing it cannot read) so that it also
// tells where in the tree a syntax error happened.
class Scanner {
 public:
  Scanner(std::string_view text, std::size_t limit, LocationIndex* index)
      : text_(text), limit_(std::min(limit, text.size())), index_(index) {}

  void run() {
    skip_space();
    value(std::string{});
  }
  const std::string& deepest() const { return deepest_; }

 private:
  bool at_end() const { return pos_ >= limit_; }
  char peek() const { return text_[pos_]; }

  void skip_space() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < limit_ && text_[pos_ + 1] == '/') {
        while (!at_end() && peek() != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < limit_ && text_[pos_ + 1] == '*') {
        pos_ += 2;
        while (pos_ + 1 < limit_ && !(text_[pos_] == '*' && text_[pos_ + 1] == '/')) ++pos_;
        pos_ = std::min(pos_ + 2, limit_);
      } else {
        return;
      }
    }
  }

  // Returns false when the walk must stop (limit reached or unreadable text).
  bool value(const std::string& pointer) {
    deepest_ = pointer;
    if (at_end()) return false;
    if (index_) index_->spots_[pointer].value = pos_;
    char c = peek();
    if (c == '{') return object(pointer);
    if (c == '[') return array(pointer);
    if (c == '"') return string(nullptr);
    while (!at_end() && std::string_view(",]} \t\r\n/").find(peek()) == std::string_view::npos) ++pos_;
    return !at_end();
  }

  bool object(const std::string& pointer) {
    ++pos_;  // '{'
    for (;;) {
      deepest_ = pointer;
      skip_space();
      if (at_end()) return false;
      if (peek() == '}') { ++pos_; return true; }
      if (peek() == ',') { ++pos_; continue; }
      if (peek() != '"') return false;
      std::size_t key_at = pos_;
      std::string name;
      if (!string(&name)) return false;
      std::string child = pointer_append(pointer, name);
      deepest_ = child;
      skip_space();
      if (at_end() || peek() != ':') return false;
      ++pos_;
      skip_space();
      if (!value(child)) return false;
      if (index_) index_->spots_[child].key = key_at;
      skip_space();
    }
  }

  bool array(const std::string& pointer) {
    ++pos_;  // '['
    std::size_t i = 0;
    for (;;) {
      deepest_ = pointer;
      skip_space();
      if (at_end()) return false;
      if (peek() == ']') { ++pos_; return true; }
      if (peek() == ',') { ++pos_; continue; }
      if (!value(pointer_append(pointer, std::to_string(i++)))) return false;
      skip_space();
    }
  }

  bool string(std::string* decoded) {
    ++pos_;  // opening quote
    while (!at_end()) {
      char c = peek();
      if (c == '"') { ++pos_; return true; }
      if (c == '\\') {
        if (pos_ + 1 >= limit_) return false;
        char e = text_[pos_ + 1];
        pos_ += 2;
        if (!decoded) {
          continue;
        }
        switch (e) {
          case 'n': *decoded += '\n'; break;
          case 't': *decoded += '\t'; break;
          case 'r': *decoded += '\r'; break;
          case 'b': *decoded += '\b'; break;
          case 'f': *decoded += '\f'; break;
          case 'u': {
            if (pos_ + 4 > limit_) return false;
            std::uint32_t cp = 0;
            auto hex = text_.substr(pos_, 4);
            if (std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16).ptr != hex.data() + hex.size())
              return false;
            pos_ += 4;
            append_utf8(*decoded, cp);
            break;
          }
          default: *decoded += e;
        }
        continue;
      }
      if (decoded) *decoded += c;
      ++pos_;
    }
    return false;
  }

  std::string_view text_;
  std::size_t limit_;
  LocationIndex* index_;
  std::size_t pos_ = 0;
  std::string deepest_;
};

LocationIndex LocationIndex::build(std::string_view text) {
  LocationIndex index;
  index.text_ = std::string(text);
  index.line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') index.line_starts_.push_back(i + 1);
  Scanner(index.text_, index.text_.size(), &index).run();
  return index;
}

std::string LocationIndex::pointer_at(std::string_view text, std::size_t offset) {
  Scanner scanner(text, offset, nullptr);
  scanner.run();
  return scanner.deepest();
}

TextPosition LocationIndex::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  std::size_t start = line_starts_[line - 1];
  int column = 1;
  for (std::size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return {static_cast<int>(line), column};
}

TextPosition LocationIndex::value(std::string_view pointer) const {
  std::string p(pointer);
  for (;;) {
    if (auto it = spots_.find(p); it != spots_.end()) return position(it->second.value);
    if (p.empty()) return {1, 1};
    p.erase(p.rfind('/'));
  }
}

TextPosition LocationIndex::key(std::string_view pointer) const {
  if (auto it = spots_.find(std::string(pointer)); it != spots_.end() && it->second.key != std::string_view::npos)
    return position(it->second.key);
  return value(pointer);
}

}  // namespace sextant::json
