#include "sextant/json/pretty.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace sextant::json {

namespace {

void number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  std::string text(buf, r.ptr);
  if (text.size() > 24) text = boost::json::serialize(boost::json::value(x));  // huge: let Boost pick
  out += text;
}

void write(std::string& out, const boost::json::value& v, int depth) {
  auto indent = [&](int d) { out.append(static_cast<std::size_t>(d) * 2, ' '); };
  switch (v.kind()) {
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      std::size_t i = 0;
      for (const auto& m : o) {
        indent(depth + 1);
        out += boost::json::serialize(boost::json::value(m.key())) + ": ";
        write(out, m.value(), depth + 1);
        out += ++i < o.size() ? ",\n" : "\n";
      }
      indent(depth);
      out += "}";
      return;
    }
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < a.size(); ++i) {
        indent(depth + 1);
        write(out, a[i], depth + 1);
        out += i + 1 < a.size() ? ",\n" : "\n";
      }
      indent(depth);
      out += "]";
      return;
    }
    case boost::json::kind::double_: number(out, v.get_double()); return;
    default: out += boost::json::serialize(v); return;
  }
}

}  // namespace

std::string pretty(const boost::json::value& value) {
  std::string out;
  write(out, value, 0);
  out += "\n";
  return out;
}

}  // namespace sextant::json
