// Whether an answer's body is JSON at all, checked without building it: a 200 whose JSON was cut
// in half (a proxy that gave up, a worker that died mid-write) is retried, not handed on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sextant::http {

/// nullopt when `body` is one well-formed JSON text; else what is wrong and where, in words
/// ("incomplete JSON at byte 1200 of 1200").
std::optional<std::string> json_syntax_error(std::string_view body);

}  // namespace sextant::http
