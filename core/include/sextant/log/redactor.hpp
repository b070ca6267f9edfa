// Keeps known secrets out of every text Sextant shows or stores. A secret is found in the forms
// it takes on the wire and in what servers echo back: as is, percent-encoded (%XX in either case,
// '+' for a space), JSON-escaped (\" \\ \/ \n \u00XX, also escaped again inside an escaped
// string), and Base64 (standard or URL-safe, at any alignment, so "user:secret" inside a Basic
// header is caught too). Each match becomes "***".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::log {

class Redactor {
 public:
  /// Secrets shorter than this are not redacted: they would garble ordinary words. The config
  /// refuses such secrets (app/secrets.cpp).
  static constexpr std::size_t kMinimumLength = 4;

  /// Remembers `secret` and its Base64 forms. Not thread-safe: the Logger locks around it.
  void add(std::string_view secret);
  [[nodiscard]] std::string redact(std::string_view text) const;

 private:
  // Secrets and the stretches of Base64 they yield whatever bytes come before them, longest
  // first, so that a secret containing another is replaced whole.
  std::vector<std::string> patterns_;
};

}  // namespace sextant::log
