// Places the test scenario's orders in a running Vendure (server.js) through its real Shop and
// Admin APIs, moving the server's clock so that orders land on both sides of the 2026-03-29
// daylight-saving change in Paris; then cancels one and refunds two. Prints, as JSON, what
// Vendure itself says of every order, for the tests to compare with.
//   node scenario.js PORT
'use strict';
const port = process.argv[2];
const base = `http://127.0.0.1:${port}`;

async function gql(api, token, query, variables = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/${api}`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors) throw new Error(`${api}: ${JSON.stringify(body.errors)} for ${query}`);
  return { data: body.data, token: res.headers.get('vendure-auth-token') || token };
}

async function setClock(at) {
  await fetch(`${base}/__clock`, { method: 'POST', body: JSON.stringify({ at }) });
}

function check(result, field) {
  const value = result[field];
  if (value && value.errorCode) throw new Error(`${field}: ${value.errorCode} ${value.message}`);
  return value;
}

async function session(customer) {
  // A guest starts with no token: the first call returns one. A customer logs in.
  if (!customer) return null;
  const r = await gql('shop-api', null, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
    ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }`, { u: customer, p: 'secret-pass' });
  check(r.data, 'login');
  return r.token;
}

async function place({ at, customer, guest, lines, shipping, coupon, method }, variants) {
  await setClock(at);
  let token = await session(customer);
  for (const [sku, quantity] of lines) {
    const r = await gql('shop-api', token, `mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) {
      ... on Order { id } ... on ErrorResult { errorCode message } } }`, { v: variants[sku], q: quantity });
    check(r.data, 'addItemToOrder');
    token = r.token;
  }
  if (guest) {
    const r = await gql('shop-api', token, `mutation($e: String!) { setCustomerForOrder(input: { emailAddress: $e, firstName: "Guest",
      lastName: "Buyer" }) { ... on Order { id } ... on ErrorResult { errorCode message } } }`, { e: guest });
    check(r.data, 'setCustomerForOrder');
  }
  await gql('shop-api', token, `mutation { setOrderShippingAddress(input: { streetLine1: "1 rue du Lin", city: "Lyon",
    postalCode: "69001", countryCode: "FR" }) { ... on Order { id } } }`);
  const methods = (await gql('shop-api', token, '{ eligibleShippingMethods { id name } }')).data.eligibleShippingMethods;
  const ship = methods.find(m => m.name === shipping).id;
  check((await gql('shop-api', token, `mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id) {
    ... on Order { id } ... on ErrorResult { errorCode message } } }`, { id: [ship] })).data, 'setOrderShippingMethod');
  if (coupon) {
    check((await gql('shop-api', token, `mutation($c: String!) { applyCouponCode(couponCode: $c) {
      ... on Order { id } ... on ErrorResult { errorCode message } } }`, { c: coupon })).data, 'applyCouponCode');
  }
  check((await gql('shop-api', token, `mutation { transitionOrderToState(state: "ArrangingPayment") {
    ... on Order { id } ... on OrderStateTransitionError { errorCode message transitionError } } }`)).data,
        'transitionOrderToState');
  const paid = await gql('shop-api', token, `mutation($m: String!) { addPaymentToOrder(input: { method: $m, metadata: {} }) {
    ... on Order { id code state } ... on ErrorResult { errorCode message } } }`, { m: method });
  return check(paid.data, 'addPaymentToOrder');
}

async function main() {
  const admin = (await gql('admin-api', null, `mutation { login(username: "superadmin", password: "superadmin") {
    ... on CurrentUser { id } } }`)).token;
  await gql('admin-api', admin, `mutation { createPromotion(input: { enabled: true, couponCode: "TENOFF", conditions: [],
    actions: [{ code: "order_percentage_discount", arguments: [{ name: "discount", value: "10" }] }],
    translations: [{ languageCode: en, name: "Ten off" }] }) { ... on Promotion { id } } }`);
  for (const email of ['a@example.org', 'c@example.org']) {
    check((await gql('shop-api', null, `mutation($e: String!) { registerCustomerAccount(input: { emailAddress: $e,
      password: "secret-pass", firstName: "Reg", lastName: "Istered" }) { ... on Success { success }
      ... on ErrorResult { errorCode message } } }`, { e: email })).data, 'registerCustomerAccount');
  }
  const products = (await gql('shop-api', null, '{ products { items { variants { id sku } } } }')).data.products.items;
  const variants = Object.fromEntries(products.flatMap(p => p.variants.map(v => [v.sku, v.id])));
  const methods = (await gql('admin-api', admin, '{ paymentMethods { items { code name } } }')).data.paymentMethods.items;
  const card = methods.find(m => m.name === 'Card').code, invoice = methods.find(m => m.name === 'Invoice').code;

  // The scenario (tests/plugins/shop_scenario.hpp), by placement time (UTC).
  const placed = {};
  placed.o101 = await place({ at: '2026-03-28T22:30:00Z', customer: 'a@example.org', lines: [['SHEET', 2]], shipping: 'Courier', method: card }, variants);
  placed.o102 = await place({ at: '2026-03-28T23:30:00Z', guest: 'Guest@Example.com', lines: [['BOOK', 1], ['NAPKIN', 1]], shipping: 'Pickup', method: card }, variants);
  placed.o103 = await place({ at: '2026-03-29T21:30:00Z', customer: 'c@example.org', lines: [['PILLOW', 1]], shipping: 'Courier', coupon: 'TENOFF', method: card }, variants);
  placed.o104 = await place({ at: '2026-03-29T22:30:00Z', guest: 'guest@example.com', lines: [['TOWEL', 3]], shipping: 'Courier', method: card }, variants);
  placed.o105 = await place({ at: '2026-03-30T08:00:00Z', customer: 'a@example.org', lines: [['THROW', 1]], shipping: 'Pickup', method: card }, variants);
  placed.o106 = await place({ at: '2026-03-30T09:00:00Z', guest: 'd@example.org', lines: [['PILLOW', 1]], shipping: 'Pickup', method: invoice }, variants);
  await setClock(null);

  // 104 is cancelled after payment; 103's goods and 105 entirely are refunded.
  check((await gql('admin-api', admin, `mutation($id: ID!) { cancelOrder(input: { orderId: $id, reason: "customer" }) {
    ... on Order { state } ... on ErrorResult { errorCode message } } }`, { id: placed.o104.id })).data, 'cancelOrder');
  // Refunds by line (the amount-only form trips over a NOT NULL column with sql.js).
  for (const key of ['o103', 'o105']) {
    const order = (await gql('admin-api', admin, `query($id: ID!) { order(id: $id) { payments { id } lines { id quantity } } }`,
      { id: placed[key].id })).data.order;
    const refund = check((await gql('admin-api', admin, `mutation($p: ID!, $l: [OrderLineInput!]!) { refundOrder(input: {
      paymentId: $p, lines: $l, shipping: 0, adjustment: 0, reason: "returned" }) { ... on Refund { id state }
      ... on ErrorResult { errorCode message } } }`,
    { p: order.payments[0].id, l: order.lines.map(l => ({ orderLineId: l.id, quantity: l.quantity })) })).data, 'refundOrder');
    // The dummy handler leaves refunds pending, as a real provider would until the money moved.
    check((await gql('admin-api', admin, `mutation($id: ID!) { settleRefund(input: { id: $id, transactionId: "t-$id" }) {
      ... on Refund { state } ... on ErrorResult { errorCode message } } }`, { id: refund.id })).data, 'settleRefund');
  }
  const all = (await gql('admin-api', admin, `{ orders(options: { take: 100 }) { items { code state active orderPlacedAt
    subTotal shipping totalWithTax payments { refunds { total state createdAt } } } } }`)).data.orders.items;
  console.log(JSON.stringify(all));
}

main().catch(e => {
  console.error(e.message || e);
  process.exit(1);
});
