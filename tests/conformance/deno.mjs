// Conformance harness for Deno (the `deno` condition). The data comes in as
// JSON modules, so the run needs no permission at all: the package reads no
// file and fetches nothing.
import * as api from 'wechat-hostsign';
import cases from '../vectors/cases.json' with { type: 'json' };
import signatures from '../vectors/signature.json' with { type: 'json' };
import apiCases from './api-cases.json' with { type: 'json' };
import { run } from './runner.mjs';

await Deno.stdout.write(new TextEncoder().encode(JSON.stringify({ entry: import.meta.resolve('wechat-hostsign'), ...run(api, { cases, signatures, api: apiCases }) })));
