// In the plugin (Mini Program code): wx.request that retries a request WeChat
// sent unsigned. When the base library could not fetch its HostSign at
// start-up, it sends the request anyway with `X-WECHAT-HOSTSIGN: {}`, and a
// server using wechat-hostsign answers 401 {"error":"UNSIGNED"}. WeChat
// fetches the signature again, so the same request a moment later passes.
// Any other answer, 401s included, is returned as it is.
export function requestWithRetry(wx, options, { retries = 3, delay = 1000 } = {}) {
  return new Promise((resolve, reject) => {
    const attempt = (n) => {
      wx.request({
        ...options,
        success(res) {
          const unsigned = res.statusCode === 401 && res.data && res.data.error === 'UNSIGNED';
          if (unsigned && n < retries) setTimeout(() => attempt(n + 1), delay * 2 ** n);
          else resolve(res);
        },
        fail: reject,
      });
    };
    attempt(0);
  });
}
