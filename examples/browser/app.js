// In the browser (through a bundler such as esbuild or Vite, or an import
// map): check a header pair in a page, e.g. a debugging tool. The token
// never leaves the page; never ship a real token to end users.
import { verify } from 'wechat-hostsign';

const form = document.querySelector('form');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const result = verify({ referer: data.get('referer'), hostsign: data.get('hostsign') }, { token: data.get('token') });
  document.querySelector('output').textContent = result.ok ? `OK ${result.appid}` : `${result.code}: ${result.message}`;
});
