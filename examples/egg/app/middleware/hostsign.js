module.exports = require('wechat-hostsign/egg');
