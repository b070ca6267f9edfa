// Reading a plugin's "settings" object: typed getters whose errors name the field (as a JSON
// pointer in Error::field), so the core can point at the exact spot in the config file.
#pragma once

#include "sextant/plugin/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::plugin {

class Settings {
 public:
  explicit Settings(const boost::json::object& object) : object_(object) {}

  /// An error if a member is not in `known`.
  [[nodiscard]] Result<> only(std::initializer_list<std::string_view> known) const {
    for (const auto& member : object_) {
      bool ok = false;
      for (auto k : known) ok = ok || k == member.key();
      if (!ok) return fail(member.key(), "unknown setting \"" + std::string(member.key()) + "\"");
    }
    return {};
  }

  [[nodiscard]] bool has(std::string_view key) const { return object_.contains(key); }

  [[nodiscard]] Result<std::string> string(std::string_view key, std::optional<std::string> fallback = {}) const {
    const auto* v = object_.if_contains(key);
    if (!v) return fallback ? Result<std::string>(*fallback) : missing(key);
    if (!v->is_string() || v->get_string().empty()) return fail(key, "expected a non-empty string");
    return std::string(v->get_string());
  }

  /// An http:// or https:// address, without its trailing slashes.
  [[nodiscard]] Result<std::string> url(std::string_view key, std::optional<std::string> fallback = {}) const {
    auto text = string(key, std::move(fallback));
    if (!text) return text;
    std::string u = *text;
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (!u.starts_with("https://") && !u.starts_with("http://"))
      return fail(key, "\"" + *text + "\" is not an http:// or https:// address");
    return u;
  }

  /// The address a plugin sends credentials to: https://, or http:// only when the setting
  /// "allow_insecure_http" is true (a test server, a trusted network): like curl, no exception
  /// for loopback, so that a config never changes meaning with where it is run.
  [[nodiscard]] Result<std::string> credential_url(std::string_view key, std::optional<std::string> fallback = {}) const {
    auto u = url(key, std::move(fallback));
    if (!u || u->starts_with("https://")) return u;
    auto allowed = insecure_http_allowed();
    if (!allowed) return allowed.error();
    if (!*allowed) return insecure(key, *u);
    return u;
  }

  /// The "allow_insecure_http" setting (false unless given).
  [[nodiscard]] Result<bool> insecure_http_allowed() const { return boolean("allow_insecure_http", false); }

  /// The refusal of an http:// address that would carry credentials.
  [[nodiscard]] static Error insecure(std::string_view key, std::string_view url) {
    return fail(key, "\"" + std::string(url) +
                         "\" would send the credentials in clear: use https://, or set \"allow_insecure_http\": true "
                         "for a test server or a trusted network");
  }

  [[nodiscard]] Result<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                             std::optional<std::int64_t> fallback = {}) const {
    const auto* v = object_.if_contains(key);
    if (!v) return fallback ? Result<std::int64_t>(*fallback) : missing(key);
    if (!v->is_int64() && !v->is_uint64()) return fail(key, "expected a whole number");
    if (v->is_uint64() || v->get_int64() < min || v->get_int64() > max)
      return fail(key, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return v->get_int64();
  }

  [[nodiscard]] Result<double> number(std::string_view key, double min, double max,
                                      std::optional<double> fallback = {}) const {
    const auto* v = object_.if_contains(key);
    if (!v) return fallback ? Result<double>(*fallback) : missing(key);
    if (!v->is_number()) return fail(key, "expected a number");
    double x = v->to_number<double>();
    if (!(x >= min && x <= max)) return fail(key, "must be from " + shortest(min) + " to " + shortest(max));
    return x;
  }

  [[nodiscard]] Result<bool> boolean(std::string_view key, bool fallback) const {
    const auto* v = object_.if_contains(key);
    if (!v) return fallback;
    if (!v->is_bool()) return fail(key, "expected true or false");
    return v->get_bool();
  }

  [[nodiscard]] static Error fail(std::string_view key, std::string message) {
    return make_error(Errc::invalid_input, std::move(message), "/" + std::string(key));
  }

 private:
  static std::string shortest(double x) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
  }

  [[nodiscard]] static Error missing(std::string_view key) {
    return make_error(Errc::invalid_input, "missing required setting \"" + std::string(key) + "\"");
  }

  const boost::json::object& object_;
};

}  // namespace sextant::plugin
