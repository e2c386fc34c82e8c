// Overhead server for workerd: a Worker's fetch handler (see handler.mjs for
// the three endpoints), timed from outside by wrk like the others. The token
// comes from a text binding; bundled by run.mjs as wrangler would.
import { createVerifier } from 'wechat-hostsign';
import { fetchHandler } from './handler.mjs';

let handler;
export default {
  fetch(request, env) {
    handler ??= fetchHandler(createVerifier, env.HOSTSIGN_TOKEN);
    return handler(request);
  },
};
