#include "sextant/json/location_index.hpp"

#include "sextant/json/limits.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

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

// FNV-1a: stable across runs and platforms, enough to tell the pointers of one document apart.
std::uint64_t pointer_hash(std::string_view pointer) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : pointer) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Columns count code points: a UTF-8 continuation byte does not move the column.
void move_past(TextPosition& at, unsigned char byte) {
  if (byte == '\n') {
    ++at.line;
    at.column = 1;
  } else if ((byte & 0xC0) != 0x80) {
    ++at.column;
  }
}

}  // namespace

// A forgiving, iterative walk over JSON text: it records where every value and member name
// starts, and stops quietly at `limit` or at the first thing it cannot read, so that it also
// tells where in the tree a syntax error happened.
//
// It always ends: every turn of run()'s loop consumes at least one byte or stops the walk, so
// there are at most `limit` turns; containers sit on an explicit stack at most
// kMaxNestingDepth deep (the parser refuses deeper text before the walk sees it).
class Scanner {
 public:
  Scanner(std::string_view text, std::size_t limit, LocationIndex* index, std::vector<DuplicateKey>* duplicates)
      : text_(text), limit_(std::min(limit, text.size())), index_(index), duplicates_(duplicates) {}

  void run() {
    for (;;) {
      skip_space();
      if (at_end()) return;
      const std::size_t before = pos_;
      step();
      if (pos_ == before) return;  // nothing here this walk can read
    }
  }
  [[nodiscard]] LocationIndex::ErrorPlace place() const {
    char open = containers_.empty() ? 0 : containers_.back().object ? '{' : '[';
    return {deepest_, open, in_string_, open_comment_};
  }

 private:
  enum class Expect { value, member_name_or_close, colon, element_or_close, comma_or_close, done };
  struct Container {
    bool object;
    std::string pointer;
    std::size_t next_index = 0;
    std::unordered_map<std::string, TextPosition> names{};  // only when looking for duplicates
  };

  [[nodiscard]] bool at_end() const { return pos_ >= limit_; }
  [[nodiscard]] char peek() const { return text_[pos_]; }
  [[nodiscard]] TextPosition here() const { return at_; }

  void advance() { move_past(at_, static_cast<unsigned char>(text_[pos_++])); }

  void skip_space() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && pos_ + 1 < limit_ && text_[pos_ + 1] == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && pos_ + 1 < limit_ && text_[pos_ + 1] == '*') {
        open_comment_ = pos_;
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && pos_ + 1 < limit_ && text_[pos_ + 1] == '/')) advance();
        if (!at_end()) {
          advance();
          advance();
          open_comment_ = std::string_view::npos;
        }
      } else {
        return;
      }
    }
  }

  void step() {
    const char c = peek();
    switch (expect_) {
      case Expect::value:
        value();
        return;
      case Expect::colon:
        if (c == ':') {
          advance();
          expect_ = Expect::value;
        }
        return;
      case Expect::member_name_or_close:
        if (c == '}') close();
        else if (c == '"') member_name();
        return;
      case Expect::element_or_close:
        if (c == ']') {
          close();
        } else {
          Container& array = containers_.back();
          child_ = pointer_append(array.pointer, std::to_string(array.next_index++));
          child_key_ = {0, 0};
          value();
        }
        return;
      case Expect::comma_or_close:
        if (c == ',') {
          advance();
          expect_ = containers_.back().object ? Expect::member_name_or_close : Expect::element_or_close;
        } else if (c == (containers_.back().object ? '}' : ']')) {
          close();
        }
        return;
      case Expect::done:
        return;
    }
  }

  // The value at child_ starts here.
  void value() {
    deepest_ = child_;
    if (index_) index_->spots_.push_back({pointer_hash(child_), here(), child_key_});
    const char c = peek();
    if (c == '{' || c == '[') {
      if (containers_.size() >= static_cast<std::size_t>(kMaxNestingDepth)) return;  // deeper than read
      containers_.push_back({c == '{', child_});
      advance();
      expect_ = c == '{' ? Expect::member_name_or_close : Expect::element_or_close;
    } else if (c == '"') {
      if (string(nullptr)) value_ended();
    } else {
      // A number, true, false or null: up to the next delimiter, which may be where the parser
      // stopped (the `limit`): `[1}` has read the 1.
      constexpr std::string_view kDelimiters = ",:[]{}\" \t\r\n/";
      while (!at_end() && kDelimiters.find(peek()) == std::string_view::npos) advance();
      if (pos_ < text_.size() && kDelimiters.find(text_[pos_]) != std::string_view::npos) value_ended();
    }
  }

  void value_ended() {
    deepest_ = containers_.empty() ? std::string{} : containers_.back().pointer;
    expect_ = containers_.empty() ? Expect::done : Expect::comma_or_close;
  }

  void close() {
    advance();
    containers_.pop_back();
    value_ended();
  }

  void member_name() {
    const TextPosition at = here();
    std::string name;
    if (!string(&name)) return;
    Container& object = containers_.back();
    child_ = pointer_append(object.pointer, name);
    child_key_ = at;
    deepest_ = child_;
    if (duplicates_) {
      auto [first, fresh] = object.names.try_emplace(name, at);
      if (!fresh) duplicates_->push_back({child_, name, first->second, at});
    }
    expect_ = Expect::colon;
  }

  // Reads a string from its opening quote; false if the text ends first. Decodes it into
  // `decoded` when given (member names: pointers hold them decoded, as the parser does).
  bool string(std::string* decoded) {
    advance();  // opening quote
    in_string_ = true;
    while (!at_end()) {
      const char c = peek();
      if (c == '"') {
        advance();
        in_string_ = false;
        return true;
      }
      if (c != '\\') {
        if (decoded) *decoded += c;
        advance();
        continue;
      }
      advance();
      if (at_end()) return false;
      const char e = peek();
      advance();
      if (!decoded) continue;
      switch (e) {
        case 'n': *decoded += '\n'; break;
        case 't': *decoded += '\t'; break;
        case 'r': *decoded += '\r'; break;
        case 'b': *decoded += '\b'; break;
        case 'f': *decoded += '\f'; break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return false;
          if (*cp >= 0xD800 && *cp < 0xDC00 && pos_ + 1 < limit_ && peek() == '\\' && text_[pos_ + 1] == 'u') {
            advance();
            advance();
            auto low = hex4();
            if (!low) return false;
            if (*low >= 0xDC00 && *low < 0xE000) *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          append_utf8(*decoded, *cp);
          break;
        }
        default: *decoded += e;
      }
    }
    return false;
  }

  // The four hex digits of a \u escape.
  std::optional<std::uint32_t> hex4() {
    if (limit_ - pos_ < 4) return std::nullopt;
    std::uint32_t cp = 0;
    auto hex = text_.substr(pos_, 4);
    if (std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16).ptr != hex.data() + hex.size())
      return std::nullopt;
    for (int i = 0; i < 4; ++i) advance();
    return cp;
  }

  std::string_view text_;
  std::size_t limit_;
  LocationIndex* index_;
  std::vector<DuplicateKey>* duplicates_;
  std::size_t pos_ = 0;
  TextPosition at_;  // of pos_
  Expect expect_ = Expect::value;
  std::vector<Container> containers_;
  std::string child_;               // the pointer of the value about to start
  TextPosition child_key_{0, 0};    // where its member name starts (line 0: none)
  std::string deepest_;
  bool in_string_ = false;
  std::size_t open_comment_ = std::string_view::npos;
};

LocationIndex LocationIndex::build(std::string_view text, std::vector<DuplicateKey>& duplicates) {
  LocationIndex index;
  Scanner(text, text.size(), &index, &duplicates).run();
  std::sort(index.spots_.begin(), index.spots_.end(),
            [](const Spot& a, const Spot& b) { return a.pointer_hash < b.pointer_hash; });
  return index;
}

LocationIndex::ErrorPlace LocationIndex::error_place(std::string_view text, std::size_t offset) {
  Scanner scanner(text, offset, nullptr, nullptr);
  scanner.run();
  return scanner.place();
}

TextPosition LocationIndex::position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition at;
  for (std::size_t i = 0; i < offset; ++i) move_past(at, static_cast<unsigned char>(text[i]));
  return at;
}

const LocationIndex::Spot* LocationIndex::find(std::string_view pointer) const {
  const std::uint64_t hash = pointer_hash(pointer);
  auto it = std::lower_bound(spots_.begin(), spots_.end(), hash,
                             [](const Spot& s, std::uint64_t h) { return s.pointer_hash < h; });
  return it != spots_.end() && it->pointer_hash == hash ? &*it : nullptr;
}

TextPosition LocationIndex::value(std::string_view pointer) const {
  for (;;) {
    if (const Spot* spot = find(pointer)) return spot->value;
    if (pointer.empty()) return {1, 1};
    auto slash = pointer.rfind('/');
    pointer = pointer.substr(0, slash == std::string_view::npos ? 0 : slash);
  }
}

TextPosition LocationIndex::key(std::string_view pointer) const {
  if (const Spot* spot = find(pointer); spot && spot->key.line != 0) return spot->key;
  return value(pointer);
}

}  // namespace sextant::json
