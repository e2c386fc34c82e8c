// Connect: the same middleware as Express.
import { createServer } from 'node:http';
import connect from 'connect';
import { hostsign } from 'wechat-hostsign/express';

const app = connect();
app.use('/api', hostsign({ token: process.env.PLUGIN_TOKEN }));
app.use('/api/hello', (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ appid: req.hostsign.appid }));
});

const server = createServer(app).listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);
