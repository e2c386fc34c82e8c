// @nestjs/common as a CommonJS module whose names an ES `import * as` cannot
// see (Node's static analysis finds none: the namespace holds only
// `default`), the case wechat-hostsign/nestjs falls back to `.default` for.
// See impl.cjs.
'use strict';
module.exports = Object.assign({}, require('./impl.cjs'));
