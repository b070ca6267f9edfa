// The shop scenario every source plugin is tested on, in each platform's own format
// (tests/data/<platform>/), with its daily metrics computed by hand: a daylight-saving change,
// orders at 23:30 and 00:30 local time, several tax rates, a discount, guests and registered
// customers, a cancellation after payment, refunds days after their orders.
#pragma once

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace sextant::test {

inline 
std::string field(const boost::json::value& doc, const std::string& pointer) {
  return boost::json::serialize(doc.at_pointer(pointer));
}

// The scenario, by local day in Paris (DST on 03-29); ids as in tests/data/woocommerce:
//  101 03-28 22:30Z = 23:30 CET, 03-28: 2 x 50.00 @20 %, shipping 5.00 + 1.00 tax, customer 7.
//  102 03-28 23:30Z = 00:30 CET, 03-29: 20.00 @5.5 % + 10.00 @20 % (tax 1.10 + 2.00), a guest
//      spelt "Guest@Example.com ".
//  103 03-29 21:30Z = 23:30 CEST, 03-29: 40.00 less 4.00 @20 % (tax 7.20), shipping 5.00 + 1.00,
//      customer 8; its goods refunded 04-02 (36.00 + 7.20 tax).
//  104 03-29 22:30Z = 00:30 CEST, 03-30: cancelled after payment: not counted.
//  105 03-30 08:00Z: 60.00 @20 %, customer 7 again; refunded in full 04-01 (60.00 + 12.00).
//  106 03-30: pending (unpaid), or a test order: not counted (Shopify adds 107, pending).
inline void expect_hand_computed_days(const boost::json::value& m) {
  EXPECT_EQ(field(m, "/currency"), "\"EUR\"");
  // 03-28: 101. net 100.00; revenue 105.00; total 100 + 5 + 21 = 126.00.
  EXPECT_EQ(field(m, "/days/0/orders"), "1");
  EXPECT_EQ(field(m, "/days/0/items"), "2");
  EXPECT_EQ(field(m, "/days/0/gross_sales"), "\"100.00\"");
  EXPECT_EQ(field(m, "/days/0/taxes"), "\"21.00\"");
  EXPECT_EQ(field(m, "/days/0/total_sales"), "\"126.00\"");
  // 03-29: 102 and 103. gross 70.00, discounts 4.00, shipping 5.00, taxes 3.10 + 8.20 = 11.30;
  // total 66.00 + 5.00 + 11.30 = 82.30; two new customers.
  EXPECT_EQ(field(m, "/days/1/orders"), "2");
  EXPECT_EQ(field(m, "/days/1/items"), "3");
  EXPECT_EQ(field(m, "/days/1/gross_sales"), "\"70.00\"");
  EXPECT_EQ(field(m, "/days/1/discounts"), "\"4.00\"");
  EXPECT_EQ(field(m, "/days/1/shipping"), "\"5.00\"");
  EXPECT_EQ(field(m, "/days/1/taxes"), "\"11.30\"");
  EXPECT_EQ(field(m, "/days/1/total_sales"), "\"82.30\"");
  EXPECT_EQ(field(m, "/days/1/new_customers"), "2");
  // 03-30: 105 only; customer 7 returns.
  EXPECT_EQ(field(m, "/days/2/orders"), "1");
  EXPECT_EQ(field(m, "/days/2/revenue_excl_tax"), "\"60.00\"");
  EXPECT_EQ(field(m, "/days/2/returning_customers"), "1");
  // 04-01: 105's refund; 04-02: 103's.
  EXPECT_EQ(field(m, "/days/4/returns"), "\"60.00\"");
  EXPECT_EQ(field(m, "/days/4/total_sales"), "\"-72.00\"");
  EXPECT_EQ(field(m, "/days/5/returns"), "\"36.00\"");
  EXPECT_EQ(field(m, "/days/5/taxes"), "\"-7.20\"");
  // The period: 4 orders, 3 customers (7, 8 and the guest), net 230 - 4 - 96 = 130.00,
  // total 130.00 + 10.00 + 25.10 = 165.10.
  EXPECT_EQ(field(m, "/totals/orders"), "4");
  EXPECT_EQ(field(m, "/totals/customers"), "3");
  EXPECT_EQ(field(m, "/totals/net_sales"), "\"130.00\"");
  EXPECT_EQ(field(m, "/totals/total_sales"), "\"165.10\"");
}

}  // namespace sextant::test
