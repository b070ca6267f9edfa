// The baseline: the official WooCommerce JavaScript client reading the same shop as Sextant —
// the first page for the page count, then the others through PARALLEL workers (a sliding window:
// each takes the next page as soon as it is done), with each page's refunded orders' refunds —
// and summing the same totals: money paid (order totals) less money refunded.
//   node baseline.js URL KEY SECRET [PARALLEL]      (PARALLEL: pages in flight, default 8)
'use strict';
const WooCommerceRestApi = require('@woocommerce/woocommerce-rest-api').default;
const [url, key, secret, parallelText = '8'] = process.argv.slice(2);
const parallel = parseInt(parallelText, 10);
const api = new WooCommerceRestApi({ url, consumerKey: key, consumerSecret: secret, version: 'wc/v3' });

const cents = text => Math.round(parseFloat(text) * 100);

async function main() {
  const started = Date.now();
  let orders = 0, paid = 0, refunded = 0, requests = 0;
  const params = page => ({ per_page: 100, page, orderby: 'id', order: 'asc', status: 'any', dates_are_gmt: true });
  const take = async response => {
    requests += 1;
    const refunds = [];
    for (const o of response.data) {
      orders += 1;
      paid += cents(o.total);
      if (o.refunds.length) refunds.push(api.get(`orders/${o.id}/refunds`));
    }
    for (const r of await Promise.all(refunds)) {
      requests += 1;
      for (const refund of r.data) refunded += cents(refund.amount);
    }
  };
  const first = await api.get('orders', params(1));
  const pages = parseInt(first.headers['x-wp-totalpages'], 10);
  await take(first);
  let next = 2;
  const worker = async () => {
    while (next <= pages) await take(await api.get('orders', params(next++)));
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  console.log(JSON.stringify({ orders, requests, parallel, total: (paid - refunded) / 100, seconds: (Date.now() - started) / 1000 }));
}

main().catch(e => {
  console.error(e.response ? `${e.response.status} ${JSON.stringify(e.response.data)}` : e.message);
  process.exit(1);
});
