#include "shopify_answer.hpp"

#include "shopify_amounts.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace sextant::shopify {

Result<const boost::json::object*> need_object(const boost::json::object& o, std::string_view key,
                                               const std::string& name) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_object()) return bad("no " + name);
  return &v->get_object();
}

Result<const boost::json::array*> need_array(const boost::json::object& o, std::string_view key,
                                             const std::string& name) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return bad("no " + name);
  return &v->get_array();
}

Result<std::string> need_string(const boost::json::object& o, std::string_view key, const std::string& name) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return bad("no " + name);
  return std::string(v->get_string());
}

Result<bool> need_bool(const boost::json::object& o, std::string_view key, const std::string& name) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_bool()) return bad("no " + name);
  return v->get_bool();
}

Result<std::int64_t> need_integer(const boost::json::value& v, const std::string& name) {
  if (auto n = plugin::json_integer(v)) return *n;
  return bad(name + " that is not a whole number: " + boost::json::serialize(v));
}

Result<ConnectionPage> need_page(const boost::json::object& o, std::string_view key, const std::string& name,
                                 const std::string& where) {
  auto connection = need_object(o, key, name + where);
  if (!connection) return connection.error();
  ConnectionPage page;
  auto nodes = need_array(**connection, "nodes", name + ".nodes" + where);
  if (!nodes) return nodes.error();
  page.nodes = *nodes;
  auto info = need_object(**connection, "pageInfo", name + ".pageInfo" + where);
  if (!info) return info.error();
  page.info = *info;
  auto more = need_bool(**info, "hasNextPage", name + ".pageInfo.hasNextPage" + where);
  if (!more) return more.error();
  if (!*more) return page;
  auto end = need_string(**info, "endCursor", name + ".pageInfo.endCursor" + where);
  if (!end) return end.error();
  page.next = std::move(*end);
  return page;
}

}  // namespace sextant::shopify
