/* eslint valid-jsdoc: "off" */

/**
 * @param {Egg.EggAppInfo} appInfo app info
 */
module.exports = appInfo => {
  /**
   * built-in config
   * @type {Egg.EggAppConfig}
   **/
  const config = exports = {};

  // use for cookie sign key, should change to your own and keep security
  config.keys = appInfo.name + '_1796580767220_2858';

  // add your middleware config here
  config.middleware = [ 'hostsign' ];

  // wechat-hostsign/egg: Egg reads match (and ignore, enable) itself; the
  // rest are the verifier's options.
  config.hostsign = {
    match: '/api',
    token: process.env.PLUGIN_TOKEN,
  };

  // Egg's CSRF check would answer the plugin's POSTs with 403 before the
  // middleware runs. Plugin calls carry no cookie to forge (wx.request sends
  // none), and the HostSign that authenticates them is a header no other
  // site can make the browser send; other paths keep the check.
  config.security = {
    csrf: { ignore: '/api' },
  };

  // add your user config here
  const userConfig = {
    // myAppName: 'egg',
  };

  return {
    ...config,
    ...userConfig,
  };
};
