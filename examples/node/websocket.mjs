// wx.connectSocket: verify the upgrade request before accepting the WebSocket (ws).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { createVerifier } from 'wechat-hostsign';

const verifier = createVerifier({ token: process.env.PLUGIN_TOKEN });
const wss = new WebSocketServer({ noServer: true });
const server = createServer((req, res) => res.writeHead(426).end());

server.on('upgrade', (req, socket, head) => {
  const result = verifier.verifyRequest(req);
  if (!result.ok) {
    const body = JSON.stringify({ error: result.code, message: result.message });
    socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ appid: result.appid })));
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);
