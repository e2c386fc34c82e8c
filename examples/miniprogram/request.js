// In the plugin (Mini Program code): wx.request that retries a request WeChat
// sent unsigned. When the base library could not fetch its HostSign at
// start-up, it sends the request anyway with `X-WECHAT-HOSTSIGN: {}`, and a
// server using wechat-hostsign answers 401 {"error":"UNSIGNED"}. WeChat
// fetches the signature again, so the same request a moment later passes.
// Any other answer, 401s included, is returned as it is.
/**
 * @param {{ request(options: object): unknown }} wx the Mini Program's wx
 * @param {object} options wx.request's options, without success and fail
 * @param {{ retries?: number, delay?: number }} [retry] attempts after the first, and the first wait in ms (doubled each time)
 * @returns {Promise<{ statusCode: number, data: any }>} the last response
 */
export function requestWithRetry(wx, options, { retries = 3, delay = 1000 } = {}) {
  return new Promise((resolve, reject) => {
    /** @param {number} n */
    const attempt = (n) => {
      wx.request({
        ...options,
        /** @param {{ statusCode: number, data: any }} res */
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
