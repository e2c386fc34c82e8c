// Express by require(): the CommonJS build.
const express = require('express');
const { hostsign } = require('wechat-hostsign/express');

const app = express();
app.use('/api', hostsign({ token: process.env.PLUGIN_TOKEN }));
app.get('/api/hello', (req, res) => res.json({ appid: req.hostsign.appid }));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);
