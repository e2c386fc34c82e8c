// Conformance harness for Node by require() (the CommonJS build, node.cjs).
const api = require('wechat-hostsign');
const data = { cases: require('../vectors/cases.json'), signatures: require('../vectors/signature.json'), api: require('./api-cases.json') };
import('./runner.mjs').then(({ run }) => process.stdout.write(JSON.stringify({ entry: require.resolve('wechat-hostsign'), ...run(api, data) })));
