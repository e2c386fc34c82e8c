// In the browser (through a bundler such as esbuild or Vite, or an import
// map): check a header pair in a page, e.g. a debugging tool. The token
// never leaves the page; never ship a real token to end users.
import { verify } from 'wechat-hostsign';

for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const referer = data.get('referer')?.toString();
    const hostsign = data.get('hostsign')?.toString();
    const result = verify({ referer, hostsign }, { token: data.get('token')?.toString() });
    const output = form.querySelector('output');
    if (output) output.textContent = result.ok ? `OK ${result.appid}` : `${result.code}: ${result.message}`;
  });
}
