// Members Shopify's answers must have, read as values: a member that is missing or of another
// type is a bad_response error that names it ("Shopify sent no orders.pageInfo"), not an
// exception from a throwing accessor.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::shopify {

/// `o`'s member `key` as an object; `name` is what the error calls it ("orders.pageInfo").
Result<const boost::json::object*> need_object(const boost::json::object& o, std::string_view key,
                                               const std::string& name);
Result<const boost::json::array*> need_array(const boost::json::object& o, std::string_view key,
                                             const std::string& name);
Result<std::string> need_string(const boost::json::object& o, std::string_view key, const std::string& name);
Result<bool> need_bool(const boost::json::object& o, std::string_view key, const std::string& name);
/// A whole number, given as a number or as a string of digits (ShopifyQL's cells).
Result<std::int64_t> need_integer(const boost::json::value& v, const std::string& name);

/// One page of a connection (https://shopify.dev/docs/api/usage/pagination-graphql): its nodes,
/// its pageInfo, and the cursor of the next page when there is one.
struct ConnectionPage {
  const boost::json::array* nodes = nullptr;
  const boost::json::object* info = nullptr;
  std::optional<std::string> next;
};

/// `o`'s member `key` as a connection page; errors call it `name`, then `where` ("lineItems",
/// " of order 7" gives "no lineItems.pageInfo of order 7").
Result<ConnectionPage> need_page(const boost::json::object& o, std::string_view key, const std::string& name,
                                 const std::string& where = "");

}  // namespace sextant::shopify
