// The outcome messages in Chinese, keyed by the Reason's name (src/error.rs).
// The English ones are the core's own (generated into reasons.js); these are
// what `locale: 'zh-CN'` answers with (results.js), what the playground and the
// CLI show in Chinese (i18n.js), and what Rust's `Error::message_zh()`
// returns: src/locale.rs holds the same texts, and
// tests/zh/chinese-text.test.mjs fails when the two differ.
//
// Words as WeChat's documentation uses them (docs/glossary.md): 插件 Token
// (never 密钥, which is the AppSecret), 校校验签名名, 基础库, 使用者小程序,
// 微信开发者工具, 插件开发助手. One plain sentence each, full-width
// punctuation; never a header value, so never the token.

export const ZH_REASONS = Object.freeze({
  MissingReferer: '请求缺少 Referer 请求头；微信会给插件发出的每个请求带上它，请确认服务器前面的每一层代理和 CDN 都原样转发它。',
  MissingHostsign:
    '请求缺少 X-WECHAT-HOSTSIGN 请求头；微信会给插件发出的每个请求（wx.request、uploadFile、downloadFile、connectSocket）带上它，请确认服务器前面的每一层代理都原样转发它。',
  RefererEmpty: 'Referer 请求头为空；它必须与 https://servicewechat.com/{appid}/{version}/page-frame.html 的格式完全一致。',
  RefererTooLarge: 'Referer 请求头超过 2048 字节；它必须与 https://servicewechat.com/{appid}/{version}/page-frame.html 的格式完全一致。',
  RefererRepeated: '同一个请求里带了不止一个 Referer 请求头；微信发出的请求只带一个。',
  RefererNotText: 'Referer 请求头的值不是有效的文本（合法的 Unicode 字符串或合法的 UTF-8 字节）；请把收到的值原样传进来。',
  RefererPrefix: 'Referer 必须以 https://servicewechat.com/ 开头，一字不差（不能换协议、主机或端口，不能带用户信息，也不能经过编码）。',
  RefererShape: 'Referer 必须与 https://servicewechat.com/{appid}/{version}/page-frame.html 完全一致，不能多出路径段，也不能带查询串或片段。',
  RefererAppid:
    'Referer 中的 AppID 必须是 wx 加 16 位小写十六进制数字；如果还要接受其他 AppID（例如微信开发者工具发送的 touristappid），请关闭严格 AppID 检查（JavaScript 中为 strictAppid: false，Rust 中为 .strict_appid(false)）。',
  RefererAppidLoose: 'Referer 中的 AppID 必须由 1 到 64 个 A-Z、a-z、0-9、下划线或连字符组成。',
  RefererVersion: 'Referer 中的版本号必须是 0、devtools，或 1 到 10 位、不以 0 开头的正式版版本号。',
  Unsigned:
    'X-WECHAT-HOSTSIGN 请求头里没有签名（小程序启动时基础库没能拉取到 HostSign）；请拒绝这个请求，等微信重新拿到签名，客户端再次请求就能通过。',
  HostsignEmpty: 'X-WECHAT-HOSTSIGN 请求头为空；它必须是包含 noncestr、timestamp 和 signature 的 JSON 对象。',
  HostsignTooLarge: 'X-WECHAT-HOSTSIGN 请求头超过 1024 字节；微信的 HostSign 是只含 noncestr、timestamp 和 signature 的小 JSON 对象。',
  HostsignRepeated: '同一个请求里带了不止一个 X-WECHAT-HOSTSIGN 请求头；微信发出的请求只带一个。',
  HostsignNotText: 'X-WECHAT-HOSTSIGN 请求头的值不是有效的文本（合法的 Unicode 字符串或合法的 UTF-8 字节）；请把收到的值原样传进来。',
  HostsignJson:
    'X-WECHAT-HOSTSIGN 请求头不是有效的 JSON；它必须是一个 JSON 对象，例如 {"noncestr":"...","timestamp":1711421951,"signature":"..."}。',
  HostsignNotObject: 'X-WECHAT-HOSTSIGN 请求头必须是包含 noncestr、timestamp 和 signature 的 JSON 对象。',
  HostsignTooDeep: 'X-WECHAT-HOSTSIGN 请求头中的 JSON 数组或对象嵌套超过 64 层；微信的 HostSign 是扁平的对象。',
  HostsignDuplicateKey: 'X-WECHAT-HOSTSIGN 的 JSON 中有重复的键；每个键只能出现一次。',
  HostsignLoneSurrogate: 'X-WECHAT-HOSTSIGN 请求头含有不成对的 UTF-16 代理项转义；字符串必须是有效的 Unicode。',
  HostsignMissingField: 'X-WECHAT-HOSTSIGN 缺少 noncestr、timestamp 或 signature（或者三者中只有一部分为空）；三者缺一不可。',
  HostsignNoncestr: 'X-WECHAT-HOSTSIGN 中的 noncestr 必须是非空字符串，且不超过 128 字节。',
  HostsignTimestamp:
    'X-WECHAT-HOSTSIGN 中的 timestamp 必须是 1 到 12 位数字的字符串，或小于 2^53 的非负 JSON 整数，不带正负号、小数或指数。',
  HostsignSignature: 'X-WECHAT-HOSTSIGN 中的 signature 必须是正好 40 位十六进制数字的字符串。',
  AppidNotAllowed:
    'Referer 中的 AppID 不在 appids 白名单中；如果这个使用者小程序可以调用本服务，请把它加进去（在手机上预览插件时，宿主是你的测试号或「插件开发助手」，AppID 与你自己的小程序不同）。',
  VersionNotAllowed: '小程序的版本类型（develop、devtools 或 release）不在 versions 白名单中；如果这类版本可以调用本服务器，请把它加进去。',
  BadSignature: '签名与配置的任何一个插件 Token 都对不上；请确认用的是插件基本设置中当前的插件 Token，并且请求在途中没有被改动。',
  Expired:
    '签名校验通过，但已超过最长有效期（JavaScript 中为 maxAge，Rust 中为 max_age，默认 660 秒）；请检查服务器的时钟，并确认没有缓存或代理在重放旧请求。',
  NotYetValid:
    '签名校验通过，但 timestamp 超前的幅度超过了允许的时钟偏差（JavaScript 中为 clockSkew，Rust 中为 clock_skew，默认 60 秒）；请检查服务器的时钟。',
  OptionsNoToken: '没有配置插件 Token；请用 token 传入插件基本设置中的插件 Token（轮换期间用 tokens 传入新旧两个）。',
  OptionsTokenUndefined: 'token 是 undefined，说明读取它的环境变量（例如 process.env.PLUGIN_TOKEN）没有设置；请把它设为插件基本设置中的插件 Token。',
  OptionsEmptyToken: '配置的某个插件 Token 为空；每一个都必须是插件基本设置中的非空插件 Token。',
  OptionsTokenType: 'token 必须是非空字符串，tokens 必须是由非空字符串组成的非空数组。',
  OptionsTokenAndTokens: 'token 和 tokens 只能传其中一个。',
  OptionsTokenNotUnicode: '配置的某个插件 Token 含有不成对的 UTF-16 代理项；插件 Token 必须是有效的 Unicode 文本。',
  OptionsTooManyTokens: '最多同时配置 16 个插件 Token；轮换只需要两三个。',
  OptionsTokenTooLong: '配置的某个插件 Token 超过 1024 字节；请使用插件基本设置中的插件 Token。',
  OptionsMaxAge: 'maxAge 必须是非负整数秒，或为 null 以关闭时效检查。',
  OptionsClockSkew: 'clockSkew 必须是非负整数秒。',
  OptionsAppids: 'appids 必须是由 AppID 组成的非空列表；不传则接受所有 AppID。',
  OptionsAppidInvalid:
    'appids 的每一项都必须是有效的 AppID：wx 加 16 位小写十六进制数字（关闭严格 AppID 检查时，为 1 到 64 个 A-Z、a-z、0-9、下划线或连字符）。',
  OptionsVersions: 'versions 必须是由版本类型组成的非空列表；不传则接受所有类型。',
  OptionsUnknownVersion: 'versions 的每一项都必须是 develop、devtools 或 release 之一。',
  OptionsStrictAppid: 'strictAppid 必须是 true 或 false。',
  OptionsNotObject: "选项必须是一个对象，例如 { token: '...' }。",
  OptionsUnknown: '有选项名无法识别；请对照 token、tokens、maxAge、clockSkew、appids、versions 和 strictAppid 检查拼写。',
  OptionsNow: 'now 必须是 Date，或自 Unix 纪元起的非负秒数（不是毫秒：请把 Date.now() 除以 1000）。',
  SignAppid:
    '要签名的 appid 必须是 wx 加 16 位小写十六进制数字（关闭严格 AppID 检查时，为 1 到 64 个 A-Z、a-z、0-9、下划线或连字符）。',
  SignNoncestr: '要签名的 noncestr 必须是非空字符串，且不超过 128 字节。',
  SignTimestamp: '要签名的 timestamp 必须是小于 2^53 的非负整数，或 1 到 12 位数字的字符串。',
  SignVersion: '要签名的 version 必须是 develop、devtools，或 1 到 9999999999 的正式版版本号（0 表示 develop）。',
  ArgumentNotString: '每个参数都必须是由有效 Unicode 文本组成的字符串。',
  SignNeedsClock:
    '这个构建没有系统时钟或随机数来源（未启用 std 特性，或是 wasm32-unknown-unknown，例如 Cloudflare Worker）；签名时请自己传入 noncestr 和 timestamp。',
});

/**
 * A repeated X-WECHAT-HOSTSIGN that the runtime joined with ", " (headers.js):
 * the package's own failure, not the core's, so not in the Rust table.
 */
export const ZH_JOINED_HOSTSIGN =
  '同一个请求里带了不止一个 X-WECHAT-HOSTSIGN 请求头（这个运行环境会把重复的头用“, ”连成一个值，而微信发送的紧凑 HostSign 里从不出现逗号后跟空格）。';
