// Conformance harness for workerd: bundled by esbuild with the conditions
// wrangler uses (workerd, worker, browser), the .wasm kept as a module
// import, run without nodejs_compat. GET / answers with the runner's report.
import * as api from 'wechat-hostsign';
import cases from '../vectors/cases.json';
import signatures from '../vectors/signature.json';
import apiCases from './api-cases.json';
import { run } from './runner.mjs';

export default {
  fetch() {
    return new Response(JSON.stringify(run(api, { cases, signatures, api: apiCases })), { headers: { 'content-type': 'application/json' } });
  },
};
