'use strict';
// The installed package by require() (see check.cjs).
const check = require('./check.cjs');

check(require('wechat-hostsign'), require('wechat-hostsign/express'), 'require', require.resolve('wechat-hostsign'), /\/node_modules\/wechat-hostsign\/dist\/node\.cjs$/)
  .catch((e) => { console.error(e); process.exitCode = 1; });
