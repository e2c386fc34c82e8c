// Conformance harness for Node (import: the `node` condition). Prints the runner's report as JSON.
import { readFileSync } from 'node:fs';
import * as api from 'wechat-hostsign';
import { run } from './runner.mjs';

const load = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const data = { cases: load('../vectors/cases.json'), signatures: load('../vectors/signature.json'), api: load('./api-cases.json') };
process.stdout.write(JSON.stringify({ entry: import.meta.resolve('wechat-hostsign'), ...run(api, data) }));
