#include "sextant/log/redactor.hpp"

#include "sextant/plugin/encoding.hpp"

#include <algorithm>
#include <optional>

namespace sextant::log {

namespace {

std::optional<unsigned> hex_value(std::string_view digits) {
  unsigned v = 0;
  for (char d : digits) {
    v <<= 4;
    if (d >= '0' && d <= '9') v |= static_cast<unsigned>(d - '0');
    else if (d >= 'a' && d <= 'f') v |= static_cast<unsigned>(d - 'a' + 10);
    else if (d >= 'A' && d <= 'F') v |= static_cast<unsigned>(d - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

// The letter after the backslash in JSON's two-character escape of `c`, or 0.
char json_escape_letter(unsigned char c) {
  switch (c) {
    case '"': return '"';
    case '/': return '/';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    default: return 0;
  }
}

// Where one byte of a secret, in any of the forms it may take, ends in `text` from `at`; npos
// when it is not there.
std::size_t match_byte(std::string_view text, std::size_t at, unsigned char c) {
  const std::size_t n = text.size();
  if (at >= n) return std::string_view::npos;
  if (text[at] == '%' && at + 3 <= n && hex_value(text.substr(at + 1, 2)) == c) return at + 3;
  if (text[at] == '+' && c == ' ') return at + 1;
  if (text[at] == '\\') {
    // A run of backslashes: an escape, escaped again as many times as the text was serialized.
    std::size_t run = 1;
    while (at + run < n && text[at + run] == '\\') ++run;
    const std::size_t after = at + run;
    if (c < 0x80 && after + 5 <= n && text[after] == 'u' && hex_value(text.substr(after + 1, 4)) == c) return after + 5;
    if (c == '\\') {
      std::size_t take = 1;  // "\" as is, "\\" escaped once, "\\\\" twice...
      while (take * 2 <= run) take *= 2;
      return at + take;
    }
    if (char letter = json_escape_letter(c); letter && after < n && text[after] == letter) return after + 1;
  }
  if (static_cast<unsigned char>(text[at]) == c) return at + 1;
  return std::string_view::npos;
}

// Where `secret` ends in `text` from `at`, each byte in whichever form it takes; npos if absent.
std::size_t match_secret(std::string_view text, std::size_t at, std::string_view secret) {
  for (char c : secret) {
    at = match_byte(text, at, static_cast<unsigned char>(c));
    if (at == std::string_view::npos) return at;
  }
  return at;
}

// Base64 of the secret after 0, 1 and 2 other bytes: the characters that only the secret's bits
// decide. Any Base64 text holding the secret (a "user:secret" pair) holds one of them.
std::vector<std::string> base64_cores(std::string_view secret) {
  std::vector<std::string> cores;
  for (std::size_t before = 0; before < 3; ++before) {
    std::string padded(before, '\0');
    padded += secret;
    const std::string encoded = plugin::base64(padded);
    const std::size_t first = (before * 8 + 5) / 6;                 // first character without a pad bit
    const std::size_t last = (before + secret.size()) * 8 / 6;      // one past the last full character
    if (last <= first || last - first < Redactor::kMinimumLength) continue;
    std::string core = encoded.substr(first, last - first);
    cores.push_back(core);
    std::string url_safe = core;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    if (url_safe != core) cores.push_back(url_safe);
  }
  return cores;
}

}  // namespace

void Redactor::add(std::string_view secret) {
  if (secret.size() < kMinimumLength) return;
  auto longest_first = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };
  auto remember = [&](std::string value) {
    if (std::find(patterns_.begin(), patterns_.end(), value) != patterns_.end()) return;
    patterns_.push_back(std::move(value));
  };
  remember(std::string(secret));
  for (auto& core : base64_cores(secret)) remember(std::move(core));
  std::stable_sort(patterns_.begin(), patterns_.end(), longest_first);
}

std::string Redactor::redact(std::string_view text) const {
  if (patterns_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::string_view::npos;
    for (const auto& secret : patterns_)
      if ((end = match_secret(text, at, secret)) != std::string_view::npos) break;
    if (end == std::string_view::npos) {
      out += text[at++];
    } else {
      out += "***";
      at = end;
    }
  }
  return out;
}

}  // namespace sextant::log
