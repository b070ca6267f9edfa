// A real Vendure 3.7 shop for Sextant's tests: SQLite through sql.js in a file, admin and shop
// APIs on 127.0.0.1 with bearer tokens, the dummy payment handler, and the test data populated on
// first start (tax rates of 20 % and 5.5 %, two shipping methods, products). Prints
// "listening on PORT" when ready.
//
// Its clock can be moved (POST /__clock {"at": "2026-03-28T22:30:00Z"}): orders placed then get
// that orderPlacedAt, which lets the tests place orders on both sides of a daylight-saving change.
'use strict';
const RealDate = Date;
let offset = 0;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() { return RealDate.now() + offset; }
}
global.Date = ShiftedDate;

process.env.VENDURE_DISABLE_TELEMETRY = 'true';
const path = require('path');
const fs = require('fs');
const { bootstrap, ChannelService, DefaultLogger, LogLevel, RequestContextService, dummyPaymentHandler } = require('@vendure/core');
const { populateInitialData, importProductsFromCsv } = require('@vendure/core/cli');

const [port, dataDir] = [Number(process.argv[2] || 3000), process.argv[3] || __dirname];
const dbFile = path.join(dataDir, 'vendure.sqlite');

const config = {
  apiOptions: {
    hostname: '127.0.0.1',
    port,
    adminApiPath: 'admin-api',
    shopApiPath: 'shop-api',
    middleware: [{
      route: '__clock',
      handler: (req, res) => {
        let body = '';
        req.on('data', c => (body += c));
        req.on('end', () => {
          const at = JSON.parse(body || '{}').at;
          offset = at ? new RealDate(at).getTime() - RealDate.now() : 0;
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ now: new Date().toISOString() }));
        });
      },
    }],
  },
  authOptions: {
    tokenMethod: ['bearer', 'cookie'],
    requireVerification: false,
    superadminCredentials: { identifier: 'superadmin', password: 'superadmin' },
  },
  dbConnectionOptions: { type: 'sqljs', location: dbFile, autoSave: true, synchronize: true, logging: false },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  logger: new DefaultLogger({ level: LogLevel.Warn }),
  plugins: [],
};

const initialData = {
  defaultLanguage: 'en',
  defaultZone: 'Europe',
  taxRates: [{ name: 'Standard', percentage: 20 }, { name: 'Reduced', percentage: 5.5 }],
  shippingMethods: [{ name: 'Courier', price: 500, taxRate: 20 }, { name: 'Pickup', price: 0 }],
  paymentMethods: [
    { name: 'Card', handler: { code: dummyPaymentHandler.code, arguments: [{ name: 'automaticSettle', value: 'true' }] } },
    { name: 'Invoice', handler: { code: dummyPaymentHandler.code, arguments: [{ name: 'automaticSettle', value: 'false' }] } },
  ],
  collections: [],
  countries: [{ name: 'France', code: 'FR', zone: 'Europe' }],
};

async function main() {
  const fresh = !fs.existsSync(dbFile);
  if (fresh) {
    const app = await bootstrap({ ...config, apiOptions: { ...config.apiOptions, port: 0 } });
    await populateInitialData(app, initialData);
    // The shop sells in euros; Vendure makes its default channel in dollars.
    const ctx = await app.get(RequestContextService).create({ apiType: 'admin' });
    const channels = app.get(ChannelService);
    const channel = await channels.getDefaultChannel();
    await channels.update(ctx, { id: channel.id, defaultCurrencyCode: 'EUR', availableCurrencyCodes: ['EUR'] });
    await importProductsFromCsv(app, path.join(__dirname, 'products.csv'), 'en');
    await app.close();
  }
  await bootstrap(config);
  console.log(`listening on ${port}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
