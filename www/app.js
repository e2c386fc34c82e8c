// The playground's logic: verify the fields as they change.
import { verify } from '/pkg/default.js';

const $ = (id) => document.getElementById(id);
$('now').value = String(Math.floor(Date.now() / 1000));

function update() {
  let text;
  try {
    const r = verify({ referer: $('referer').value, hostsign: $('hostsign').value }, { token: $('token').value, now: Number($('now').value) });
    text = r.ok ? `OK ${r.appid} (${r.version.kind}${r.version.number ? ' ' + r.version.number : ''}), ${r.age} s old` : `${r.code}: ${r.message}`;
  } catch (e) {
    text = `${e.code ?? 'ERROR'}: ${e.message}`;
  }
  $('verdict').textContent = text;
}
for (const id of ['referer', 'hostsign', 'token', 'now']) $(id).addEventListener('input', update);
update();
