// source-shopify's mapping on hand-computed orders (tests/data/shopify/allocations_*.json, in the
// fake's stored format): gross sales, discounts, shipping and taxes from Shopify's per-line
// allocations as its sales report sums them, for shops whose prices include tax and shops whose
// prices do not; the order-level formula when the lines are missing or cut short; refunds on
// their own day; errors that name the order.
#include "../../plugins/source-shopify/shopify_mapping.hpp"
#include "support/process.hpp"

#include <sextant/plugin/calendar.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sextant::test {
namespace {

namespace json = boost::json;
using shopify::MappedOrder;

// A stored order as the fake serves it: its plain lists as connections of nodes.
json::object api_node(json::object o) {
  o["lineItems"] = json::object{{"nodes", o["lineItems"]}};
  for (auto& r : o["refunds"].as_array()) {
    auto& refund = r.as_object();
    refund["refundLineItems"] = json::object{{"nodes", refund["refundLineItems"]}};
    refund["refundShippingLines"] = json::object{{"nodes", refund["refundShippingLines"]}};
  }
  return o;
}

// The stored order `id` of a fixture, as an API node.
json::object order(const std::string& fixture, const std::string& id) {
  auto all = json::parse(read_file(source_dir() / "tests/data/shopify" / fixture)).as_array();
  for (auto& o : all)
    if (o.at("legacyResourceId").as_string() == id) return api_node(o.as_object());
  ADD_FAILURE() << "no order " << id << " in " << fixture;
  return {};
}

json::object included(const std::string& id) { return order("allocations_taxes_included.json", id); }
json::object excluded(const std::string& id) { return order("allocations_taxes_excluded.json", id); }

MappedOrder mapped(const json::object& node) {
  auto m = shopify::map_order(node);
  if (!m) {
    ADD_FAILURE() << m.error().message;
    return {};
  }
  return *m;
}

json::array& lines(json::object& node) { return node["lineItems"].as_object()["nodes"].as_array(); }

// Prices include tax. Per line, gross = price / (1 + rate) rounded, net = its discounted amount
// less its own tax lines, discount = gross − net.
TEST(ShopifyMoney, TaxInclusiveLinesGiveShopifysGrossAndDiscountsWithoutTax) {
  // 2001: line 1, 3 × 19.99 = 59.97 @20 %, allocations 5.00 (the line's) + 5.50 (10 % of the
  // order on 54.97) = 10.50, tax 8.25: gross 59.97 / 1.2 = 49.975 → 49.98, net 59.97 − 10.50 −
  // 8.25 = 41.22, discount 49.98 − 41.22 = 8.76. Line 2, 2 × 7.45 = 14.90 @5.5 %, allocation 1.49,
  // tax 0.70: gross 14.90 / 1.055 = 14.1232 → 14.12, net 14.90 − 1.49 − 0.70 = 12.71, discount
  // 1.41. Shipping 4.90 less its tax 0.82 = 4.08. Taxes 8.25 + 0.70 + 0.82 = 9.77.
  auto a = mapped(included("2001"));
  EXPECT_EQ(a.currency, "EUR");
  EXPECT_EQ(a.order.gross_sales, 4998 + 1412);  // 64.10
  EXPECT_EQ(a.order.discounts, 876 + 141);      // 10.17
  EXPECT_EQ(a.order.shipping, 408);
  EXPECT_EQ(a.order.taxes, 977);
  EXPECT_EQ(a.order.items, 5);
  // What the customer paid: 62.88 + 4.90 = 67.78 = net 53.93 + shipping 4.08 + taxes 9.77.
  EXPECT_EQ(a.order.gross_sales - a.order.discounts + a.order.shipping + a.order.taxes, 6778);

  // 2002: line 1, 120.00 @20 %, allocation 12.00, tax 18.00: gross 100.00, net 90.00, discount
  // 10.00. Line 2, 2 × 15.00 = 30.00 @5.5 %, allocation 3.00, tax 1.41: gross 30 / 1.055 =
  // 28.436 → 28.44, net 25.59, discount 2.85. Free shipping: 6.00 less its 6.00 discount (a
  // shipping discount, not a discount on goods) less 0.00 tax = 0. Taxes 18.00 + 1.41 = 19.41.
  auto b = mapped(included("2002"));
  EXPECT_EQ(b.order.gross_sales, 10000 + 2844);  // 128.44
  EXPECT_EQ(b.order.discounts, 1000 + 285);      // 12.85
  EXPECT_EQ(b.order.shipping, 0);
  EXPECT_EQ(b.order.taxes, 1941);
}

TEST(ShopifyMoney, ATaxInclusiveLineWithoutDiscountHasNone) {
  // 0.03 @20 %: 0.03 / 1.2 = 0.025 → 0.03 and its tax 0.005 → 0.01 do not add up to the price; a
  // discount of 0.03 − (0.03 − 0.01) = 0.01 would appear from nowhere. Without an allocation the
  // gross is the net: 0.02.
  auto node = included("2001");
  lines(node) = json::array{json::object{
      {"quantity", 1},
      {"originalTotalSet", json::object{{"shopMoney", json::object{{"amount", "0.03"}}}}},
      {"discountAllocations", json::array{}},
      {"taxLines", json::array{json::object{{"priceSet", json::object{{"shopMoney", json::object{{"amount", "0.01"}}}}},
                                            {"rate", 0.2}}}}}};
  node["subtotalPriceSet"].as_object()["shopMoney"].as_object()["amount"] = "0.03";
  node["shippingLine"] = nullptr;
  auto a = mapped(node);
  EXPECT_EQ(a.order.gross_sales, 2);
  EXPECT_EQ(a.order.discounts, 0);
  EXPECT_EQ(a.order.taxes, 1);
}

// Prices without tax: the allocations as they are.
TEST(ShopifyMoney, TaxExclusiveLinesAreTheAllocationsAsTheyAre) {
  // 3001: 38.97 + 45.00 = 83.97 gross; discounts (7.79 + 4.09) + 5.91 = 17.79; shipping 7.50 less
  // its 2.50 discount = 5.00 (the order's totalDiscountsSet, 20.29, counts that 2.50 too: it is
  // not a discount on goods); taxes 5.42 + 2.15 + 1.00 = 8.57.
  auto a = mapped(excluded("3001"));
  EXPECT_EQ(a.order.gross_sales, 8397);
  EXPECT_EQ(a.order.discounts, 1779);
  EXPECT_EQ(a.order.shipping, 500);
  EXPECT_EQ(a.order.taxes, 857);
  // 3002: 50.00 + 10.00 = 60.00; 7.50 + 1.50 = 9.00; shipping 5.00; taxes 8.50 + 1.70 + 1.00.
  auto b = mapped(excluded("3002"));
  EXPECT_EQ(b.order.gross_sales, 6000);
  EXPECT_EQ(b.order.discounts, 900);
  EXPECT_EQ(b.order.shipping, 500);
  EXPECT_EQ(b.order.taxes, 1120);
}

TEST(ShopifyMoney, RefundsCountTheirGoodsWithoutTaxOnTheirOwnDay) {
  // 2002's book: 13.50 refunded with its tax 0.70 inside: returns 12.80, taxes 0.70.
  auto a = mapped(included("2002"));
  ASSERT_EQ(a.refunds.size(), 1U);
  EXPECT_EQ(a.refunds[0].id, "gid://shopify/Refund/2902");
  EXPECT_EQ(a.refunds[0].order_id, "2002");
  EXPECT_EQ(a.refunds[0].created_at, parse_instant("2026-03-13T10:00:00Z").value());
  EXPECT_EQ(a.refunds[0].returns, 1280);
  EXPECT_EQ(a.refunds[0].shipping, 0);
  EXPECT_EQ(a.refunds[0].taxes, 70);
  // 3002: 21.25 of goods + 4.25 tax, 5.00 of shipping + 1.00 tax.
  auto b = mapped(excluded("3002"));
  ASSERT_EQ(b.refunds.size(), 1U);
  EXPECT_EQ(b.refunds[0].returns, 2125);
  EXPECT_EQ(b.refunds[0].shipping, 500);
  EXPECT_EQ(b.refunds[0].taxes, 425 + 100);
}

// Without its lines (a bulk file from before they were asked for, a node without them), an
// order's discount is spread over its goods in proportion: the same net, another split.
TEST(ShopifyMoney, WithoutLineItemsTheTotalsGiveTheSameNet) {
  auto node = included("2001");
  node.erase("lineItems");
  // Goods tax 9.77 − 0.82 = 8.95; goods 62.88 − 8.95 = 53.93; discount 11.99 × 53.93 / 62.88 =
  // 10.2833 → 10.28; gross 53.93 + 10.28 = 64.21 (Shopify's report: 64.10 and 10.17).
  auto a = mapped(node);
  EXPECT_EQ(a.order.gross_sales, 6421);
  EXPECT_EQ(a.order.discounts, 1028);
  EXPECT_EQ(a.order.gross_sales - a.order.discounts, 5393);
  EXPECT_EQ(a.order.shipping, 408);
  EXPECT_EQ(a.order.taxes, 977);
}

TEST(ShopifyMoney, LinesThatDoNotAddUpToTheSubtotalGiveWayToTheTotals) {
  // More lines than the page asked for: only the first came, 59.97 − 10.50 = 49.47 ≠ 62.88.
  auto node = included("2001");
  lines(node).pop_back();
  auto a = mapped(node);
  EXPECT_EQ(a.order.gross_sales, 6421);  // as without lines, above
  EXPECT_EQ(a.order.discounts, 1028);
}

TEST(ShopifyMoney, ATaxLineWithoutItsRateTakesTheTaxOutInProportion) {
  auto node = included("2001");
  lines(node)[0].as_object()["taxLines"].as_array()[0].as_object()["rate"] = nullptr;
  // Line 1: gross 59.97 × 41.22 / 49.47 = 49.9689 → 49.97, discount 49.97 − 41.22 = 8.75; line 2
  // as before (14.12, 1.41).
  auto a = mapped(node);
  EXPECT_EQ(a.order.gross_sales, 4997 + 1412);
  EXPECT_EQ(a.order.discounts, 875 + 141);
}

TEST(ShopifyMoney, ErrorsNameTheOrderAndTheField) {
  auto node = included("2001");
  lines(node)[0].as_object()["discountAllocations"].as_array()[1].as_object()["allocatedAmountSet"] =
      json::object{{"shopMoney", json::object{{"amount", "5,50"}}}};
  auto bad_amount = shopify::map_order(node);
  ASSERT_FALSE(bad_amount);
  EXPECT_NE(bad_amount.error().message.find(
                "Shopify sent order 2001, lineItems/0/discountAllocations/allocatedAmountSet: \"5,50\" is not an amount"),
            std::string::npos)
      << bad_amount.error().message;

  node = included("2001");
  lines(node)[1].as_object()["taxLines"].as_array()[0].as_object()["rate"] = -0.055;
  auto bad_rate = shopify::map_order(node);
  ASSERT_FALSE(bad_rate);
  EXPECT_EQ(bad_rate.error().message, "Shopify sent order 2001, lineItems/1/taxLines/rate: a rate below zero");
}

TEST(ShopifyBulk, PutsLineItemsBackUnderTheirOrder) {
  // A bulk file of 2002: one line item before its order (groupObjects: false), one after, and
  // the refund's line after its refund.
  auto stored = included("2002");
  auto items = lines(stored);
  auto refund_line = stored["refunds"].as_array()[0].as_object()["refundLineItems"].as_object()["nodes"].as_array()[0];
  stored.erase("lineItems");
  stored["refunds"].as_array()[0].as_object().erase("refundLineItems");
  stored["refunds"].as_array()[0].as_object().erase("refundShippingLines");
  auto child = [](json::value v, const char* parent) {
    v.as_object()["__parentId"] = parent;
    return json::serialize(v) + "\n";
  };
  std::string jsonl = child(items[0], "gid://shopify/Order/2002") + json::serialize(stored) + "\n" +
                      child(items[1], "gid://shopify/Order/2002") + child(refund_line, "gid://shopify/Refund/2902");
  auto nodes = shopify::rebuild_bulk(jsonl);
  ASSERT_TRUE(nodes) << nodes.error().message;
  ASSERT_EQ(nodes->size(), 1U);
  EXPECT_EQ(lines(nodes->front()).size(), 2U);
  // The same figures as the paged node's (above).
  auto a = mapped(nodes->front());
  EXPECT_EQ(a.order.gross_sales, 12844);
  EXPECT_EQ(a.order.discounts, 1285);
  ASSERT_EQ(a.refunds.size(), 1U);
  EXPECT_EQ(a.refunds[0].returns, 1280);
}

}  // namespace
}  // namespace sextant::test
