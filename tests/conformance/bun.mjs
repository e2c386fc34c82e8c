// Conformance harness for Bun (the `bun` condition).
import * as api from 'wechat-hostsign';
import cases from '../vectors/cases.json' with { type: 'json' };
import signatures from '../vectors/signature.json' with { type: 'json' };
import apiCases from './api-cases.json' with { type: 'json' };
import { run } from './runner.mjs';

process.stdout.write(JSON.stringify({ entry: import.meta.resolve('wechat-hostsign'), ...run(api, { cases, signatures, api: apiCases }) }));
