// The whole middleware file (CommonJS: module.exports = require('wechat-hostsign/egg');).
export { default } from 'wechat-hostsign/egg';
