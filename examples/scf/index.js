// A Tencent Cloud SCF (云函数) event function behind an API Gateway trigger:
// the request arrives as an event with `headers` (and, where the gateway
// sends them, `multiValueHeaders`, which keep a repeated header that
// `headers` shows once); verifyRequest takes the event as it is. The answer
// is the integration response. Handler: index.main_handler; set PLUGIN_TOKEN
// in the function's environment variables.
const { createVerifier } = require('wechat-hostsign');

const verifier = createVerifier({ token: process.env.PLUGIN_TOKEN });

exports.main_handler = async (event) => {
  const result = verifier.verifyRequest(event);
  const body = result.ok ? { appid: result.appid } : { error: result.code, message: result.message };
  return {
    isBase64Encoded: false,
    statusCode: result.ok ? 200 : 401,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
};
