// `token: process.env.PLUGIN_TOKEN` type-checks (the option is typed
// string | undefined), so an unset variable must be refused when the
// verifier or middleware is made, with a message that says the variable is
// not set, in English and in Chinese; a missing token keeps its own message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thrown } from '../lib/thrown.mjs';
import { createVerifier, verify, HostSignError } from 'wechat-hostsign';
import { hostsign as express } from 'wechat-hostsign/express';
import { hostsign as hono } from 'wechat-hostsign/hono';
import { message, reasonName } from '../../pkg/dist/i18n.js';

const UNSET = 'WECHAT_HOSTSIGN_TEST_SURELY_UNSET';
delete process.env[UNSET];

test('token: undefined (an unset environment variable) is refused: the variable is not set', () => {
  for (const make of [
    () => createVerifier({ token: process.env[UNSET] }),
    () => verify({ referer: 'r', hostsign: 'h' }, { token: process.env[UNSET] }),
    () => express({ token: process.env[UNSET] }),
    () => hono({ token: process.env[UNSET] }),
  ]) {
    const e = thrown(make);
    assert.ok(e instanceof HostSignError, String(e));
    assert.equal(e.code, 'INVALID_OPTIONS');
    assert.match(e.message, /token is undefined, so the variable it is read from \(such as process\.env\.PLUGIN_TOKEN\) is not set/);
  }
  const e = thrown(() => createVerifier({ token: undefined }));
  assert.equal(reasonName(e), 'OptionsTokenUndefined');
  const zh = message(e, 'zh-CN');
  assert.match(zh, /^token 是 undefined，说明读取它的环境变量（例如 process\.env\.PLUGIN_TOKEN）没有设置/);
});

test('no token option at all keeps its own message; tokens and token: "" are unchanged', () => {
  assert.match(thrown(() => createVerifier({})).message, /^No token is configured/);
  assert.match(thrown(() => createVerifier({ maxAge: 60 })).message, /^No token is configured/);
  assert.doesNotMatch(thrown(() => createVerifier({ token: '' })).message, /not set/);
  // token: undefined beside tokens is the rotation form, not an unset variable.
  assert.equal(typeof createVerifier({ token: undefined, tokens: ['a'] }).verify, 'function');
});
