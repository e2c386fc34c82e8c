// A WeChat CloudBase (微信云开发) cloud function behind its HTTP access
// service (HTTP 访问服务): the plugin's wx.request reaches it as an event
// whose `headers` hold the request's headers (names in lower case), and it
// answers with an integration response. Deploy it with its package.json
// (dependency wechat-hostsign) from 开发者工具 or the CloudBase CLI; set
// PLUGIN_TOKEN in the function's environment variables.
const { createVerifier } = require('wechat-hostsign');

// Made once per function instance, reused across invocations.
const verifier = createVerifier({ token: process.env.PLUGIN_TOKEN });

/** An integration response. @param {number} statusCode @param {unknown} body */
const json = (statusCode, body) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});

/** @param {{ headers: Record<string, string> }} event the HTTP access service's event */
exports.main = async (event) => {
  const result = verifier.verifyRequest(event);
  if (!result.ok) return json(401, { error: result.code, message: result.message });
  return json(200, { appid: result.appid });
};
