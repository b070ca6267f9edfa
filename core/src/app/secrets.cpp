#include "sextant/app/secrets.hpp"

#include "sextant/json/location_index.hpp"
#include "sextant/plugin/regular_file.hpp"

#include <cstdlib>

namespace sextant::app {

namespace {

// A token or a key is far shorter; a larger file is a wrong one (and /dev/zero never ends).
constexpr std::size_t kMaxSecretFileBytes = std::size_t{1} << 20;

bool is_reference(const boost::json::value& v) {
  if (!v.is_object() || v.get_object().size() != 1) return false;
  const auto& o = v.get_object();
  return (o.contains("env") && o.at("env").is_string()) || (o.contains("file") && o.at("file").is_string());
}

class Resolver {
 public:
  Resolver(const json::Document& doc, const std::filesystem::path& base, log::Logger& logger, json::Diagnostics& out)
      : doc_(doc), base_(base), logger_(logger), out_(out) {}

  boost::json::value resolve(const boost::json::value& v, const std::string& pointer) {
    if (is_reference(v)) return reference(v.get_object(), pointer);
    if (v.is_object()) {
      boost::json::object copy;
      for (const auto& m : v.get_object())
        copy[m.key()] = resolve(m.value(), json::pointer_append(pointer, m.key()));
      return copy;
    }
    if (v.is_array()) {
      boost::json::array copy;
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i) copy.push_back(resolve(a[i], json::pointer_append(pointer, std::to_string(i))));
      return copy;
    }
    return v;
  }

 private:
  boost::json::value reference(const boost::json::object& ref, const std::string& pointer) {
    std::string value;
    if (const auto* env = ref.if_contains("env")) {
      std::string name(env->get_string());
      const char* found = std::getenv(name.c_str());
      if (!found || !*found) {
        out_.push_back(doc_.diagnose(pointer, "the secret's environment variable " + name + " is not set"));
        return "";
      }
      value = found;
    } else {
      std::filesystem::path file(std::string(ref.at("file").get_string()));
      if (file.is_relative()) file = base_ / file;
      auto text = plugin::read_regular_file(file, kMaxSecretFileBytes);
      if (!text) {
        out_.push_back(doc_.diagnose(pointer, "the secret file " + file.string() + ": " + text.error().message));
        return "";
      }
      value = std::move(*text);
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    }
    if (value.size() < log::Redactor::kMinimumLength) {
      // Too short to be a real credential, and too short to be kept out of logs: "abc" would
      // be starred out of every ordinary word.
      out_.push_back(doc_.diagnose(pointer, "the secret is " + std::to_string(value.size()) +
                                                " characters long: a credential has at least " +
                                                std::to_string(log::Redactor::kMinimumLength)));
      return "";
    }
    logger_.add_secret(value);
    return boost::json::value(value);
  }

  const json::Document& doc_;
  const std::filesystem::path& base_;
  log::Logger& logger_;
  json::Diagnostics& out_;
};

}  // namespace

boost::json::object resolve_secrets(const boost::json::object& settings, const json::Document& document,
                                    const std::string& pointer, std::span<const std::string_view> secret_fields,
                                    const std::filesystem::path& base_dir, log::Logger& logger,
                                    json::Diagnostics& out) {
  boost::json::value whole(settings);
  for (auto field : secret_fields) {
    boost::system::error_code ec;
    const auto* v = whole.find_pointer(field, ec);
    if (v && !is_reference(*v)) {
      if (v->is_string()) logger.add_secret(std::string(v->get_string()));  // keep it out of logs anyway
      out.push_back(document.diagnose(pointer + std::string(field),
                                      "a secret must be a reference, {\"env\": \"NAME\"} or {\"file\": \"PATH\"}, "
                                      "not written in the config"));
    }
  }
  Resolver resolver(document, base_dir, logger, out);
  return resolver.resolve(whole, pointer).as_object();
}

}  // namespace sextant::app
