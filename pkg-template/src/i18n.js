// Words for people, in English and Chinese: the explanation the playground
// (www/) and the CLI (`wechat-hostsign`) give, their troubleshooting hints,
// and the outcome messages in Chinese. Outcome codes never change with the
// language; the English messages are the package's own (generated from the
// Rust `Reason` table into reasons.js), and the Chinese ones are keyed by the
// reason's name, so rewording an English message changes nothing here.
//
// Texts are templates: `{name}` takes a parameter, and text between
// backticks is code (the playground sets it in <code>, the terminal prints
// it as it is).

import REASONS from './reasons.js';

export const LANGS = Object.freeze(['en', 'zh-CN']);

// ---------------------------------------------------------------------------
// Which language.

/** 'zh-CN' for any zh tag (zh, zh-CN, zh_TW.UTF-8, zh-Hans), 'en' for en*, else null. */
export function normalizeLang(tag) {
  const t = String(tag ?? '').trim().toLowerCase();
  if (/^zh(?:$|[-_.@])/.test(t)) return 'zh-CN';
  if (/^en(?:$|[-_.@])/.test(t)) return 'en';
  return null;
}

/** The first of a browser's languages (navigator.languages) that is zh* or en*; English otherwise. */
export function langFromList(languages) {
  for (const l of languages ?? []) {
    const n = normalizeLang(l);
    if (n) return n;
  }
  return 'en';
}

/**
 * A terminal's language, as POSIX decides the messages' locale: the first
 * non-empty of LC_ALL, LC_MESSAGES and LANG. Chinese when it starts with zh.
 */
export function langFromEnv(env) {
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env?.[k];
    if (v) return /^zh/i.test(v) ? 'zh-CN' : 'en';
  }
  return 'en';
}

// ---------------------------------------------------------------------------
// Outcome messages in Chinese, keyed by the Reason's name (src/error.rs).

export const ZH_REASONS = Object.freeze({
  MissingReferer: '请求没有 Referer 头；微信会给插件的每个请求带上它，请确认本服务器前面的每一层代理和 CDN 都会转发它。',
  MissingHostsign:
    '请求没有 X-WECHAT-HOSTSIGN 头；微信会给插件的每个请求（wx.request、uploadFile、downloadFile、connectSocket）带上它，请确认本服务器前面的每一层代理都会转发它。',
  RefererEmpty: 'Referer 头为空；它必须正好是 https://servicewechat.com/{appid}/{version}/page-frame.html。',
  RefererTooLarge: 'Referer 头超过 2048 字节；它必须正好是 https://servicewechat.com/{appid}/{version}/page-frame.html。',
  RefererRepeated: 'Referer 头出现了不止一次；微信的请求只带一个。',
  RefererNotText: 'Referer 头的值不是有效的 Unicode 文本；请原样传入收到的头部值。',
  RefererPrefix: 'Referer 必须正好以 https://servicewechat.com/ 开头（不能是别的协议、主机、端口、用户信息或编码）。',
  RefererShape: 'Referer 必须正好是 https://servicewechat.com/{appid}/{version}/page-frame.html，不能多出路径段、查询串或片段。',
  RefererAppid:
    'Referer 中的 AppID 必须是 wx 加 16 位小写十六进制数字；如果还要接受其他 AppID（例如开发者工具发送的 touristappid），请设置 strictAppid: false。',
  RefererAppidLoose: 'Referer 中的 AppID 必须是 1 到 64 个 A-Z、a-z、0-9、下划线或连字符。',
  RefererVersion: 'Referer 中的版本必须是 0、devtools，或 1 到 10 位、不以 0 开头的正式版版本号。',
  Unsigned:
    'X-WECHAT-HOSTSIGN 头不含签名（小程序启动时微信没能获取到签名）；请拒绝该请求，等微信重新拿到签名后，客户端再次请求即可成功。',
  HostsignEmpty: 'X-WECHAT-HOSTSIGN 头为空；它必须是包含 noncestr、timestamp 和 signature 的 JSON 对象。',
  HostsignTooLarge: 'X-WECHAT-HOSTSIGN 头超过 1024 字节；微信的 HostSign 是只含 noncestr、timestamp 和 signature 的小 JSON 对象。',
  HostsignRepeated: 'X-WECHAT-HOSTSIGN 头出现了不止一次；微信的请求只带一个。',
  HostsignNotText: 'X-WECHAT-HOSTSIGN 头的值不是有效的 Unicode 文本；请原样传入收到的头部值。',
  HostsignJson:
    'X-WECHAT-HOSTSIGN 头不是有效的 JSON；它必须是一个 JSON 对象，例如 {"noncestr":"...","timestamp":1711421951,"signature":"..."}。',
  HostsignNotObject: 'X-WECHAT-HOSTSIGN 头必须是包含 noncestr、timestamp 和 signature 的 JSON 对象。',
  HostsignTooDeep: 'X-WECHAT-HOSTSIGN 头中的 JSON 数组或对象嵌套超过 64 层；微信的 HostSign 是扁平的对象。',
  HostsignDuplicateKey: 'X-WECHAT-HOSTSIGN 头中有重复的键；每个键只能出现一次。',
  HostsignLoneSurrogate: 'X-WECHAT-HOSTSIGN 头含有不成对的 UTF-16 代理项转义；字符串必须是有效的 Unicode。',
  HostsignMissingField: 'X-WECHAT-HOSTSIGN 头缺少 noncestr、timestamp 或 signature（或只有其中一部分为空）；三者缺一不可。',
  HostsignNoncestr: 'X-WECHAT-HOSTSIGN 中的 noncestr 必须是非空字符串，且不超过 128 字节。',
  HostsignTimestamp:
    'X-WECHAT-HOSTSIGN 中的 timestamp 必须是 1 到 12 位数字的字符串，或小于 2^53 的非负 JSON 整数，不带正负号、小数或指数。',
  HostsignSignature: 'X-WECHAT-HOSTSIGN 中的 signature 必须是正好 40 位十六进制数字的字符串。',
  AppidNotAllowed:
    'Referer 中的 AppID 不在 appids 白名单中；如果这个小程序可以调用本插件，请把它加进去（手机预览时插件运行在微信的测试小程序「插件开发助手」里，它的 AppID 与你自己的不同）。',
  VersionNotAllowed: '小程序的版本类型（develop、devtools 或 release）不在 versions 白名单中；如果这类版本可以调用本服务器，请把它加进去。',
  BadSignature: '签名与配置的任何一个 token 都不匹配；请确认 token 是插件设置页面上当前的 token，并且请求没有被改动。',
  Expired: '签名是真实的，但早于 maxAge 允许的范围；请检查本服务器的时钟，并确认没有缓存或代理在重放旧请求。',
  NotYetValid: '签名是真实的，但 timestamp 超前于 clockSkew 允许的范围；请检查本服务器的时钟。',
  OptionsNoToken: '没有配置 token；请用 token（轮换时用 tokens）传入插件设置页面上的 token。',
  OptionsEmptyToken: '配置的某个 token 为空；每个 token 都必须是插件设置页面上的非空 token。',
  OptionsTokenType: 'token 必须是非空字符串，tokens 必须是由非空字符串组成的非空数组。',
  OptionsTokenAndTokens: 'token 和 tokens 只能传其中一个。',
  OptionsTokenNotUnicode: '配置的某个 token 含有不成对的 UTF-16 代理项；token 必须是有效的 Unicode 文本。',
  OptionsTooManyTokens: '最多同时配置 16 个 token；轮换只需要两三个。',
  OptionsTokenTooLong: '配置的某个 token 超过 1024 字节；请使用插件设置页面上的 token。',
  OptionsMaxAge: 'maxAge 必须是非负整数秒，或为 null 以关闭时效检查。',
  OptionsClockSkew: 'clockSkew 必须是非负整数秒。',
  OptionsAppids: 'appids 必须是由 AppID 组成的非空数组；不传则接受所有 AppID。',
  OptionsAppidInvalid:
    'appids 的每一项都必须是有效的 AppID：wx 加 16 位小写十六进制数字（strictAppid: false 时为 1 到 64 个 A-Z、a-z、0-9、下划线或连字符）。',
  OptionsVersions: 'versions 必须是由版本类型组成的非空数组；不传则接受所有类型。',
  OptionsUnknownVersion: 'versions 的每一项都必须是 develop、devtools 或 release 之一。',
  OptionsStrictAppid: 'strictAppid 必须是 true 或 false。',
  OptionsNotObject: "选项必须是一个对象，例如 { token: '...' }。",
  OptionsUnknown: '有选项名无法识别；请对照 token、tokens、maxAge、clockSkew、appids、versions 和 strictAppid 检查拼写。',
  OptionsNow: 'now 必须是 Date，或自 Unix 纪元起的非负秒数（不是毫秒：请把 Date.now() 除以 1000）。',
  SignAppid:
    '要签名的 appid 必须是 wx 加 16 位小写十六进制数字（strictAppid: false 时为 1 到 64 个 A-Z、a-z、0-9、下划线或连字符）。',
  SignNoncestr: '要签名的 noncestr 必须是非空字符串，且不超过 128 字节。',
  SignTimestamp: '要签名的 timestamp 必须是小于 2^53 的非负整数，或 1 到 12 位数字的字符串。',
  SignVersion: '要签名的 version 必须是 develop、devtools，或 1 到 9999999999 的正式版版本号（0 表示 develop）。',
  ArgumentNotString: '每个参数都必须是有效 Unicode 文本的字符串。',
  SignNeedsClock: '这个构建没有系统时钟或随机数来源（未启用 std 特性，或是 wasm32-unknown-unknown，例如 Cloudflare Worker）；签名时请自行设置 noncestr 和 timestamp。',
  OptionsTokenUndefined: 'token 是 undefined，说明读取它的环境变量（例如 process.env.PLUGIN_TOKEN）没有设置；请把它设为插件设置页面上的插件 Token。',
  // Not the package's: the playground's verdict before a token is typed.
  NoTokenEntered: '还没有输入 token；请粘贴插件设置页面上的 token 以检查签名。',
});

/** Messages of results made here rather than by the package, in English. */
export const EXTRA_REASONS = Object.freeze({
  NoTokenEntered: "No token entered; paste the plugin's token from its settings page to check the signature.",
});

const NAME_BY_MESSAGE = new Map(REASONS.map(([name, , message]) => [message, name]));

/** The Reason name of a failure result or a HostSignError, or null for a message made elsewhere. */
export function reasonName(result) {
  if (typeof result?.reason === 'string') return result.reason;
  return NAME_BY_MESSAGE.get(result?.message) ?? null;
}

/** Every Reason name the package has (from reasons.js). */
export const REASON_NAMES = Object.freeze(REASONS.map(([name]) => name));

/** The message of a failure result (or HostSignError) in `lang`. */
export function message(result, lang) {
  if (lang !== 'zh-CN') return result.message;
  const zh = ZH_REASONS[reasonName(result)];
  if (zh) return zh;
  // A message the package composed itself (e.g. naming an unknown option):
  // the code's sentence in Chinese, and the English message as it was.
  return `${t(lang, `code.${result.code}`)}（${result.message}）`;
}

// ---------------------------------------------------------------------------
// Everything else, in both languages.

export const TEXT = Object.freeze({
  en: {
    'lang.name': 'English',
    'code.MISSING_REFERER': 'The Referer header is absent.',
    'code.MISSING_HOSTSIGN': 'The X-WECHAT-HOSTSIGN header is absent.',
    'code.MALFORMED_REFERER': 'The Referer is not exactly https://servicewechat.com/{appid}/{version}/page-frame.html.',
    'code.UNSIGNED': 'WeChat sent the request without a signature.',
    'code.MALFORMED_HOSTSIGN': 'The X-WECHAT-HOSTSIGN header is not one valid HostSign object.',
    'code.APPID_NOT_ALLOWED': 'The AppID is not in the appids allowlist.',
    'code.VERSION_NOT_ALLOWED': 'The version kind is not in the versions allowlist.',
    'code.BAD_SIGNATURE': 'No configured token reproduces the signature.',
    'code.EXPIRED': 'Authentic, but older than maxAge allows.',
    'code.NOT_YET_VALID': 'Authentic, but further in the future than clockSkew allows.',
    'code.INVALID_OPTIONS': 'The configuration is not valid.',

    'version.release': 'release {n}',
    'version.develop': 'develop (0: develop, trial or review build)',
    'version.devtools': 'devtools (the developer tools)',

    'advice.milliseconds': '“Now” looks like milliseconds; it is in seconds since 1970 (`Date.now() / 1000`).',
    'advice.ok':
      'The request is authentic: signed by WeChat for {appid} with token #{n}. The version segment ({version}) is not signed: do not trust it for security.',
    'advice.missing': 'The header is absent (an empty field counts as absent).',
    'advice.trimmed': 'Token #{n} has spaces or line breaks at its start or end; without them it matches. Copy the token again.',
    'advice.digests':
      'The expected and received digests differ: either the token is not the one this plugin uses, or the AppID, noncestr or timestamp was changed on the way.',
    'advice.older': 'The timestamp is {duration} older than “now”.',
    'advice.ahead': 'The timestamp is {duration} ahead of “now”.',
    'advice.timezone': 'That is about {hours} h: a clock set to local time but read as UTC (China is UTC+8)?',

    'hint.proxy':
      'Does a proxy, CDN, API gateway or load balancer in front of this server drop the {header} header? Log the headers as the application receives them, and have every hop forward it.',
    'hint.notWechat':
      'Only a Mini Program plugin’s requests (`wx.request`, `wx.uploadFile`, `wx.downloadFile`, `wx.connectSocket`) carry these headers; a browser, a web-view page, curl or a health check does not.',
    'hint.touristappid':
      'The AppID {appid} is not wx + 16 hex digits: the developer tools send touristappid (with the version devtools) for a project without an AppID of its own. Accept it with `strictAppid: false` in development only.',
    'hint.merged':
      'The {header} value is two values joined by a comma: a proxy merged two copies of the header. WeChat sends exactly one; find the hop that adds the second.',
    'hint.repeated':
      'The request carries the {header} header more than once: a proxy or the client added a copy. WeChat sends exactly one; find the hop that adds the second.',
    'hint.encoded': 'The value is percent-encoded (%7B…): a gateway or a logging tool encoded it. Pass the header as it was received.',
    'hint.unsigned':
      'When the base library fails to fetch its HostSign at start-up, it sends the request anyway, unsigned (`X-WECHAT-HOSTSIGN: {}` or empty fields). Refuse it (the middleware answers 401 `{"error":"UNSIGNED"}`) and have the plugin retry such a request after a second or two: once WeChat has a signature, the retry passes.',
    'hint.preview':
      'A phone preview (预览 / 真机调试) of a plugin project runs the plugin inside 插件开发助手, a WeChat test Mini Program whose AppID ({appid} here) is not your own: allow it in appids while testing, never in production.',
    'hint.versions':
      'The version segment: 0 is a develop, trial or review build (开发版 / 体验版 / 审核版), devtools the developer tools, a number a release. It is not signed, so the allowlist guards against misconfiguration, not against an attacker.',
    'hint.token':
      'After the token is reset on the plugin’s settings page, WeChat signs with the new one: configure both while you switch (`tokens: [newToken, oldToken]`) and drop the old one once tokenIndex no longer shows it.',
    'hint.appidSigned':
      'The AppID in the Referer is signed: a header taken from one Mini Program’s request and sent with another’s AppID fails here.',
    'hint.clock':
      'The timestamp is Unix seconds, the same in every time zone: a server on UTC+8 needs no conversion, only a correct clock (NTP). A clock set to Beijing time while the system believes it is UTC is 8 hours off.',
    'hint.maxAgeShort':
      'maxAge is {maxAge} s: since base library 2.0.7 WeChat reuses one noncestr and timestamp for up to 10 minutes, so a maxAge under 600 refuses real requests. Keep the default, 660.',
    'hint.cache':
      'Authentic but old: a cache, CDN or retry queue may be replaying a request it kept. Do not cache the responses to plugin requests.',
    'hint.rotation':
      'The same header may legitimately arrive again for up to 10 minutes (since base library 2.0.7 WeChat rotates the noncestr and timestamp every 10 minutes): a nonce store would refuse real traffic. The freshness window is the control.',

    'note.uppercase': 'The received signature has uppercase hex digits; they compare equal to lowercase ones.',

    'step.parts': 'The four signed parts, as received',
    'step.sort': 'After JavaScript’s `sort()`',
    'step.joined': 'Joined, then hashed with SHA-1 as UTF-8',
    'step.digest': 'Expected digest and received signature',
    'step.age': 'Age against the freshness window',

    'part.version': 'version',
    'part.token': 'token #{n}',
    'part.noToken': 'no token entered',
    'part.spaces': ' (has spaces at an end)',
    'from.refererSigned': 'Referer, signed',
    'from.refererUnsigned': 'Referer, not signed',
    'from.hostsign': 'X-WECHAT-HOSTSIGN',
    'from.timestamp.number': 'X-WECHAT-HOSTSIGN, a JSON number; its digits are signed as written',
    'from.timestamp.string': 'X-WECHAT-HOSTSIGN, a JSON string; its digits are signed as written',
    'from.token': 'yours, from the plugin’s settings page',
    'from.olderToken': 'yours, an older token',

    'sort.unit': '{left} < {right}: they first differ at index {index}, where `{a}` < `{b}`',
    'sort.prefix': '{left} is a prefix of {right} (its {index} code units match): the shorter one sorts first.',
    'sort.equal': '{left} and {right} are equal: their order changes nothing.',
    'sort.hidden': 'The token sorts in among these three by the same rule; where it goes is hidden while the token is.',
    'sort.noToken': 'Enter a token to see where it sorts among these three.',
    'sort.rule':
      'JavaScript compares UTF-16 code units: digits before uppercase before lowercase, a prefix before its extensions, and characters above U+FFFF (surrogates, U+D800…) before U+E000–U+FFFF.',
    'sort.byteOrder':
      'Sorting by UTF-8 bytes or code points (Go, Python, Rust, PHP’s strcmp) puts these parts in another order: a backend that sorts that way computes a different digest.',
    'sort.shownWith': 'Shown with token #{n}, the one that matches.',
    'sort.shownFirst': 'Shown with token #1; no token matches.',
    'unit.high': '{hex} (high surrogate)',
    'unit.low': '{hex} (low surrogate)',

    'joined.note': '{units} UTF-16 code units, {bytes} UTF-8 bytes → SHA-1 → 40 hex digits.',
    'joined.hidden': 'The joined string contains the token, so it is hidden, and so is its length.',

    'digest.expected': 'expected',
    'digest.expectedN': 'expected, token #{n}',
    'digest.received': 'received',
    'digest.matches': '✓ matches',
    'digest.differ': '✗ {n} of 40 differ',
    'digest.enterToken': 'enter a token',
    'digest.matchNote':
      'A token reproduces the received signature: the request was signed by WeChat with it, for this AppID, noncestr and timestamp.',
    'digest.noMatchNote':
      'No token reproduces the received signature. Differing characters are marked; a digest changes completely with any change of input, so the marks say only that they differ, not where the input did.',

    'age.state.not-yet-valid': 'not yet valid',
    'age.state.valid': 'valid',
    'age.state.expired': 'expired',
    'age.timestamp': 'timestamp',
    'age.now': 'now',
    'age.age': 'age',
    'age.window': 'window',
    'age.off': '∞ (age check off)',
    'age.any': 'any age',
    'age.aria': 'age {age}: {state}; valid from {from} to {to}',
    'age.marker': 'age {age}',
    'age.last': 'The age is checked last, only once the signature is authentic: until then it does not decide the verdict.',
    'age.beijing': 'UTC+8 {time}',

    'needs.both': 'Needs a valid Referer and X-WECHAT-HOSTSIGN.',
    'needs.referer': 'Needs a valid Referer (the AppID is signed).',
    'needs.hostsign': 'Needs a valid X-WECHAT-HOSTSIGN.',
    'needs.token': 'Needs a token.',
    'needs.now': 'Needs a valid “now” and valid options.',

    'paste.repeated': '{header} appears {count} times; a server refuses a repeated header ({code}). The first one was used.',
    'paste.none': 'Found neither a Referer nor an X-WECHAT-HOSTSIGN header.',
    'paste.kind.curl': 'a curl command',
    'paste.kind.http': 'a raw HTTP request',
    'paste.kind.headers': 'a header block',
    'paste.kind.fetch': 'a fetch() call',
    'paste.kind.values': 'header values',

    's': '{n} s',
    'min': '{n} min',
    'h': '{n} h',
    'd': '{n} d',
    'list.and': ' and ',

    'cli.help': `wechat-hostsign: sign and verify WeChat Mini Program plugin requests
(the Referer and X-WECHAT-HOSTSIGN headers).

Usage:
  wechat-hostsign sign --appid APPID --token TOKEN [--version N] [--noncestr S]
                       [--timestamp SECONDS] [--any-appid] [--curl URL]
  wechat-hostsign verify --token TOKEN [--token OLD_TOKEN] [--now TIME]
                         [--max-age SECONDS|off] [--clock-skew SECONDS]
                         [--appid APPID]... [--any-appid] [--explain | --json] < REQUEST
  wechat-hostsign sign --help | verify --help | --version

sign prints the two header lines a Mini Program plugin's request carries (or,
with --curl URL, a curl command that sends them). verify reads a request on
standard input (raw HTTP, header lines such as sign prints, a curl command or
Chrome's "Copy as fetch") and checks it as a server would.

The token may come from the environment variable WECHAT_HOSTSIGN_TOKEN instead
of --token, which keeps it out of the shell's history. It is never printed.

Exit status: 0 verified (or signed), 1 refused (the outcome code and what to fix
are printed), 2 a usage error.
Language: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, English
otherwise; --lang en or --lang zh chooses. Outcome codes are the same in both.

Examples:
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" --version 3
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" --curl https://api.example.com/hello
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" | wechat-hostsign verify --token "$TOKEN" --explain`,
    'cli.help.sign': `wechat-hostsign sign: a valid header pair, as WeChat sends it.

  --appid APPID         the host Mini Program's AppID (wx + 16 hex digits)
  --token TOKEN         the plugin's token (or WECHAT_HOSTSIGN_TOKEN)
  --version N           0 (develop, trial or review build; the default), devtools,
                        or a release number
  --noncestr S          default: 32 random hex digits
  --timestamp SECONDS   Unix seconds; default: now
  --any-appid           allow any AppID, such as touristappid (strictAppid: false)
  --curl URL            print a curl command for URL instead of the two header lines`,
    'cli.help.verify': `wechat-hostsign verify: reads a request on standard input and verifies it.

  --token TOKEN          the plugin's token (or WECHAT_HOSTSIGN_TOKEN); give it twice,
                         newest first, to accept an older token during a rotation
  --now TIME             the server's clock: Unix seconds or a date
                         (2024-03-26T02:59:11Z); default: this computer's clock
  --max-age SECONDS      the oldest HostSign accepted (default 660); off: no age check
  --clock-skew SECONDS   how far ahead a timestamp may be (default 60)
  --appid APPID          accept only this AppID (repeatable)
  --any-appid            accept any AppID, such as touristappid (strictAppid: false)
  --explain              print every step of the check, as the playground shows it
  --json                 print the result as one JSON line (the same in every language)

Standard input: raw HTTP, header lines ("Referer: …" and "X-WECHAT-HOSTSIGN: …",
as sign prints them), a curl command (DevTools' "Copy as cURL") or a
"Copy as fetch" call. Exit status: 0 verified, 1 refused, 2 a usage error.`,
    'cli.ok': 'OK — {appid}, {version}, token #{n}, age {age}',
    'cli.hint': 'hint: ',
    'cli.warning': 'warning: ',
    'cli.error': 'wechat-hostsign: ',
    'cli.seeHelp': 'See wechat-hostsign --help.',
    'cli.pasteNow': 'Paste the request (raw HTTP, header lines, a curl command or a fetch call), then press Ctrl-D.',
    'cli.emptyInput': 'warning: standard input is empty; pipe a request into verify.',
    'cli.err.command': 'unknown command {command}; the commands are sign and verify.',
    'cli.err.unknown': 'unknown option {option}; did you mean {near}?',
    'cli.err.unknownAt': 'argument {n} is an unknown option.',
    'cli.err.positional': 'argument {n} is not an option (options start with --).',
    'cli.err.shortHelp': 'use --help.',
    'cli.err.flagValue': '{option} takes no value.',
    'cli.err.missing': '{option} needs a value.',
    'cli.err.twice': '{option} may be given only once.',
    'cli.err.seconds': '{option} must be a whole number of seconds.',
    'cli.err.required': '{option} is required.',
    'cli.err.token': 'no token: pass --token, or set {env}.',
    'cli.err.emptyToken': 'a token is empty.',
    'cli.err.jsonExplain': '--json and --explain cannot be combined.',
    'cli.err.now': '--now must be Unix seconds or a date such as 2024-03-26T02:59:11Z.',
    'cli.err.options': '{message}',
    'cli.err.lang': '--lang must be en or zh.',
  },

  'zh-CN': {
    'lang.name': '中文',
    'code.MISSING_REFERER': '缺少 Referer 头。',
    'code.MISSING_HOSTSIGN': '缺少 X-WECHAT-HOSTSIGN 头。',
    'code.MALFORMED_REFERER': 'Referer 不是正好的 https://servicewechat.com/{appid}/{version}/page-frame.html。',
    'code.UNSIGNED': '微信发出的请求没有签名。',
    'code.MALFORMED_HOSTSIGN': 'X-WECHAT-HOSTSIGN 头不是一个有效的 HostSign 对象。',
    'code.APPID_NOT_ALLOWED': 'AppID 不在 appids 白名单中。',
    'code.VERSION_NOT_ALLOWED': '版本类型不在 versions 白名单中。',
    'code.BAD_SIGNATURE': '没有任何已配置的 token 能算出这个签名。',
    'code.EXPIRED': '签名真实，但早于 maxAge 允许的范围。',
    'code.NOT_YET_VALID': '签名真实，但超前于 clockSkew 允许的范围。',
    'code.INVALID_OPTIONS': '配置无效。',

    'version.release': '正式版 {n}',
    'version.develop': '开发版、体验版或审核版（0）',
    'version.devtools': '开发者工具（devtools）',

    'advice.milliseconds': '“当前时间”看起来是毫秒；它应当是自 1970 年起的秒数（`Date.now() / 1000`）。',
    'advice.ok': '请求是真实的：由微信用第 {n} 个 token 为 {appid} 签名。版本段（{version}）不在签名内：不要依赖它做安全判断。',
    'advice.missing': '请求中没有这个头（留空的输入框也视为没有）。',
    'advice.trimmed': '第 {n} 个 token 首尾有空格或换行；去掉之后就能匹配。请重新复制 token。',
    'advice.digests': '期望的摘要与收到的签名不同：要么 token 不是这个插件正在使用的，要么 AppID、noncestr 或 timestamp 在途中被改动了。',
    'advice.older': 'timestamp 比“当前时间”早 {duration}。',
    'advice.ahead': 'timestamp 比“当前时间”晚 {duration}。',
    'advice.timezone': '约为 {hours} 小时：是不是某个时钟按本地时间设置，却被当作 UTC 读取（中国是 UTC+8）？',

    'hint.proxy': '本服务器前面的代理、CDN、API 网关或负载均衡是否丢掉了 {header} 头？请在应用中打印实际收到的请求头，并让每一跳都转发它。',
    'hint.notWechat':
      '只有小程序插件发出的请求（`wx.request`、`wx.uploadFile`、`wx.downloadFile`、`wx.connectSocket`）才带这两个头；浏览器、web-view 页面、curl 或健康检查都不带。',
    'hint.touristappid':
      'AppID {appid} 不是 wx 加 16 位十六进制：项目没有自己的 AppID 时，开发者工具发送 touristappid（版本为 devtools）。只在开发环境用 `strictAppid: false` 接受它。',
    'hint.merged': '{header} 的值是用逗号连起来的两个值：有代理把两份该头合并了。微信只发一份；请找出加上第二份的那一跳。',
    'hint.repeated': '请求里 {header} 头出现了不止一次：有代理或客户端多加了一份。微信只发一份；请找出加上第二份的那一跳。',
    'hint.encoded': '这个值被百分号编码了（%7B…）：是网关或日志工具编码的。请原样传入收到的头部值。',
    'hint.unsigned':
      '基础库在启动时获取 HostSign 失败后，仍会发出不带签名的请求（`X-WECHAT-HOSTSIGN: {}` 或字段为空）。请拒绝它（中间件返回 401 `{"error":"UNSIGNED"}`），并让插件在一两秒后重试这类请求：微信拿到签名后，重试即可通过。',
    'hint.preview':
      '插件项目的手机预览（预览 / 真机调试）把插件运行在「插件开发助手」里，这是微信的测试小程序，它的 AppID（这里是 {appid}）不是你自己的：测试期间把它加进 appids，生产环境不要加。',
    'hint.versions':
      '版本段：0 表示开发版、体验版或审核版，devtools 表示开发者工具，数字表示正式版。它不在签名内，所以白名单只能防止配置错误，防不了攻击者。',
    'hint.token':
      '在插件设置页面重置 token 后，微信改用新 token 签名：切换期间请同时配置两个（`tokens: [newToken, oldToken]`），等 tokenIndex 不再出现旧 token 时再去掉它。',
    'hint.appidSigned': 'Referer 中的 AppID 在签名内：从一个小程序的请求里拿到的 HostSign，配上另一个小程序的 AppID 就会在这里失败。',
    'hint.clock':
      'timestamp 是 Unix 秒数，与时区无关：UTC+8 的服务器不需要换算，只需要时钟准确（NTP）。如果把北京时间当作 UTC 设给系统时钟，就会差 8 小时。',
    'hint.maxAgeShort':
      'maxAge 为 {maxAge} 秒：自基础库 2.0.7 起，微信在最长 10 分钟内复用同一个 noncestr 和 timestamp，maxAge 小于 600 会拒绝真实请求。请保留默认值 660。',
    'hint.cache': '签名真实但已过期：可能有缓存、CDN 或重试队列在重放它保存的请求。不要缓存插件请求的响应。',
    'hint.rotation':
      '同一个头在最长 10 分钟内再次出现是正常的（自基础库 2.0.7 起，微信每 10 分钟更换一次 noncestr 和 timestamp）：用 nonce 去重会拒绝真实请求。时效窗口才是防重放的手段。',

    'note.uppercase': '收到的签名含有大写十六进制数字；它们与小写的相等。',

    'step.parts': '收到的四个签名部分',
    'step.sort': 'JavaScript `sort()` 排序之后',
    'step.joined': '拼接起来，再按 UTF-8 计算 SHA-1',
    'step.digest': '期望的摘要与收到的签名',
    'step.age': '时间差与时效窗口',

    'part.version': '版本',
    'part.token': 'token #{n}',
    'part.noToken': '还没有输入 token',
    'part.spaces': '（首尾有空格）',
    'from.refererSigned': 'Referer，在签名内',
    'from.refererUnsigned': 'Referer，不在签名内',
    'from.hostsign': 'X-WECHAT-HOSTSIGN',
    'from.timestamp.number': 'X-WECHAT-HOSTSIGN，JSON 数字；按写出的数字参与签名',
    'from.timestamp.string': 'X-WECHAT-HOSTSIGN，JSON 字符串；按写出的数字参与签名',
    'from.token': '你的 token，来自插件设置页面',
    'from.olderToken': '你的旧 token',

    'sort.unit': '{left} < {right}：二者在下标 {index} 处首次不同，`{a}` < `{b}`',
    'sort.prefix': '{left} 是 {right} 的前缀（前 {index} 个码元相同）：较短的排在前面。',
    'sort.equal': '{left} 与 {right} 相等：谁先谁后不影响结果。',
    'sort.hidden': 'token 按同样的规则排进这三者之中；token 隐藏时，它排在哪里也一并隐藏。',
    'sort.noToken': '输入 token 后，可以看到它排在这三者中的哪个位置。',
    'sort.rule':
      'JavaScript 按 UTF-16 码元比较：数字在大写字母之前，大写在小写之前，前缀在更长的串之前，U+FFFF 以上的字符（代理项，U+D800…）在 U+E000–U+FFFF 之前。',
    'sort.byteOrder':
      '按 UTF-8 字节或码点排序（Go、Python、Rust、PHP 的 strcmp）会得到另一种顺序：这样排序的后端会算出不同的摘要。',
    'sort.shownWith': '这里用的是第 {n} 个 token，也就是匹配的那个。',
    'sort.shownFirst': '这里用的是第 1 个 token；没有 token 匹配。',
    'unit.high': '{hex}（高位代理项）',
    'unit.low': '{hex}（低位代理项）',

    'joined.note': '{units} 个 UTF-16 码元，{bytes} 个 UTF-8 字节 → SHA-1 → 40 位十六进制。',
    'joined.hidden': '拼接后的字符串包含 token，所以连同它的长度一起隐藏。',

    'digest.expected': '期望',
    'digest.expectedN': '期望（token #{n}）',
    'digest.received': '收到',
    'digest.matches': '✓ 匹配',
    'digest.differ': '✗ 40 位中有 {n} 位不同',
    'digest.enterToken': '请输入 token',
    'digest.matchNote': '有 token 能算出收到的签名：这个请求是微信用它为这个 AppID、noncestr 和 timestamp 签的。',
    'digest.noMatchNote':
      '没有 token 能算出收到的签名。不同的字符已标出；输入有任何改动摘要都会完全改变，所以标记只说明哪里不同，不说明输入在哪里不同。',

    'age.state.not-yet-valid': '尚未生效',
    'age.state.valid': '有效',
    'age.state.expired': '已过期',
    'age.timestamp': 'timestamp',
    'age.now': '当前时间',
    'age.age': '时间差',
    'age.window': '窗口',
    'age.off': '∞（不检查时效）',
    'age.any': '不限',
    'age.aria': '时间差 {age}：{state}；有效范围从 {from} 到 {to}',
    'age.marker': '时间差 {age}',
    'age.last': '时效最后才检查，而且只在签名真实时检查：在此之前它不决定结论。',
    'age.beijing': '北京时间 {time}',

    'needs.both': '需要有效的 Referer 和 X-WECHAT-HOSTSIGN。',
    'needs.referer': '需要有效的 Referer（AppID 在签名内）。',
    'needs.hostsign': '需要有效的 X-WECHAT-HOSTSIGN。',
    'needs.token': '需要 token。',
    'needs.now': '需要有效的“当前时间”和有效的选项。',

    'paste.repeated': '{header} 出现了 {count} 次；服务器会拒绝重复的头（{code}）。这里用的是第一个。',
    'paste.none': '既没有找到 Referer 头，也没有找到 X-WECHAT-HOSTSIGN 头。',
    'paste.kind.curl': '一条 curl 命令',
    'paste.kind.http': '一个原始 HTTP 请求',
    'paste.kind.headers': '一组请求头',
    'paste.kind.fetch': '一个 fetch() 调用',
    'paste.kind.values': '两个头部的值',

    's': '{n} 秒',
    'min': '{n} 分',
    'h': '{n} 小时',
    'd': '{n} 天',
    'list.and': ' 和 ',

    'cli.help': `wechat-hostsign：为微信小程序插件的请求（Referer 与 X-WECHAT-HOSTSIGN 头）签名和验签。

用法：
  wechat-hostsign sign --appid APPID --token TOKEN [--version N] [--noncestr S]
                       [--timestamp 秒] [--any-appid] [--curl URL]
  wechat-hostsign verify --token TOKEN [--token 旧TOKEN] [--now 时间]
                         [--max-age 秒|off] [--clock-skew 秒]
                         [--appid APPID]... [--any-appid] [--explain | --json] < 请求
  wechat-hostsign sign --help | verify --help | --version

sign 输出小程序插件请求携带的两行请求头（加 --curl URL 则输出发送它们的 curl 命令）。
verify 从标准输入读取一个请求（原始 HTTP、sign 输出的那种请求头行、curl 命令，
或 Chrome 的“Copy as fetch”），并像服务器一样检查它。

token 也可以不用 --token，而由环境变量 WECHAT_HOSTSIGN_TOKEN 提供，这样不会留在
shell 的历史记录里。token 永远不会被输出。

退出码：0 验证通过（或签名成功），1 被拒绝（会输出结果码和修正方法），2 用法错误。
语言：LC_ALL、LC_MESSAGES 或 LANG 以 zh 开头时用中文，否则用英文；
--lang en 或 --lang zh 可以指定。两种语言下的结果码相同。

示例：
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" --version 3
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" --curl https://api.example.com/hello
  wechat-hostsign sign --appid wx0123456789abcdef --token "$TOKEN" | wechat-hostsign verify --token "$TOKEN" --explain`,
    'cli.help.sign': `wechat-hostsign sign：生成一对有效的请求头，和微信发出的一样。

  --appid APPID         宿主小程序的 AppID（wx 加 16 位十六进制数字）
  --token TOKEN         插件的 token（或 WECHAT_HOSTSIGN_TOKEN）
  --version N           0（开发版、体验版或审核版；默认）、devtools（开发者工具），
                        或正式版版本号
  --noncestr S          默认：32 位随机十六进制数字
  --timestamp 秒        Unix 秒数；默认：当前时间
  --any-appid           允许任何 AppID，例如 touristappid（strictAppid: false）
  --curl URL            输出请求 URL 的 curl 命令，而不是两行请求头`,
    'cli.help.verify': `wechat-hostsign verify：从标准输入读取一个请求并验证它。

  --token TOKEN          插件的 token（或 WECHAT_HOSTSIGN_TOKEN）；轮换期间可以给两次，
                         新的在前，以便同时接受旧 token
  --now 时间             服务器的时钟：Unix 秒数或日期（2024-03-26T02:59:11Z）；
                         默认：本机时钟
  --max-age 秒           可接受的 HostSign 最长时间（默认 660）；off：不检查时效
  --clock-skew 秒        timestamp 最多可以超前多少秒（默认 60）
  --appid APPID          只接受这个 AppID（可重复）
  --any-appid            接受任何 AppID，例如 touristappid（strictAppid: false）
  --explain              输出检查的每一步，与在线调试页面（playground）显示的相同
  --json                 以一行 JSON 输出结果（各种语言下都相同）

标准输入：原始 HTTP、请求头行（“Referer: …”和“X-WECHAT-HOSTSIGN: …”，即 sign 的输出）、
curl 命令（开发者工具的“Copy as cURL”）或“Copy as fetch”调用。
退出码：0 验证通过，1 被拒绝，2 用法错误。`,
    'cli.ok': 'OK — {appid}，{version}，token #{n}，时间差 {age}',
    'cli.hint': '提示：',
    'cli.warning': '注意：',
    'cli.error': 'wechat-hostsign：',
    'cli.seeHelp': '请查看 wechat-hostsign --help。',
    'cli.pasteNow': '请粘贴请求（原始 HTTP、请求头行、curl 命令或 fetch 调用），然后按 Ctrl-D。',
    'cli.emptyInput': '注意：标准输入为空；请把请求通过管道传给 verify。',
    'cli.err.command': '未知命令 {command}；可用的命令是 sign 和 verify。',
    'cli.err.unknown': '未知选项 {option}；是不是想用 {near}？',
    'cli.err.unknownAt': '第 {n} 个参数是未知选项。',
    'cli.err.positional': '第 {n} 个参数不是选项（选项以 -- 开头）。',
    'cli.err.shortHelp': '请使用 --help。',
    'cli.err.flagValue': '{option} 不接受值。',
    'cli.err.missing': '{option} 需要一个值。',
    'cli.err.twice': '{option} 只能给一次。',
    'cli.err.seconds': '{option} 必须是整数秒。',
    'cli.err.required': '缺少 {option}。',
    'cli.err.token': '没有 token：请传入 --token，或设置 {env}。',
    'cli.err.emptyToken': '有一个 token 为空。',
    'cli.err.jsonExplain': '--json 和 --explain 不能同时使用。',
    'cli.err.now': '--now 必须是 Unix 秒数或日期，例如 2024-03-26T02:59:11Z。',
    'cli.err.options': '{message}',
    'cli.err.lang': '--lang 必须是 en 或 zh。',
  },
});

// Texts a user of this module adds (the playground's labels), same shape as TEXT.
const added = { en: Object.create(null), 'zh-CN': Object.create(null) };

/** Adds a { en: {…}, 'zh-CN': {…} } table of texts (the playground's own words). */
export function addTexts(table) {
  for (const l of LANGS) Object.assign(added[l], table[l]);
}

/** The entry for `key` in `lang`; English when the language has none; the key itself when neither has. */
function entry(lang, key, params) {
  const e = TEXT[lang]?.[key] ?? added[lang]?.[key] ?? TEXT.en[key] ?? added.en[key] ?? key;
  return typeof e === 'function' ? e(params) : e;
}

const fill = (text, params) => text.replace(/\{(\w+)\}/g, (m, k) => (params && k in params ? String(params[k]) : m));

/**
 * The text for `key` as segments: [{ text, code }], `code` true for what
 * the template puts between backticks. Parameters are filled in after the
 * split, so a backtick in a value (a pasted nonce) is only text.
 */
export function segments(lang, key, params) {
  const p = wordParams(lang, params);
  return entry(lang, key, p)
    .split('`')
    .map((part, i) => ({ text: fill(part, p), code: i % 2 === 1 }));
}

/** The text for `key` in `lang`, plain. */
export function t(lang, key, params) {
  return segments(lang, key, params)
    .map((s) => s.text)
    .join('');
}

/** A { key, ...params } item (advice, hints, notes, paste warnings) worded in `lang`. */
export function say(lang, item) {
  return t(lang, item.key, item);
}

/** Parameters that are words themselves: a version object, a duration in seconds. */
function wordParams(lang, params) {
  if (!params) return params;
  const out = { ...params };
  if (params.version && typeof params.version === 'object') out.version = versionText(lang, params.version);
  if (typeof params.duration === 'number') out.duration = formatDuration(params.duration, lang);
  return out;
}

/** `release 3`, `develop (0: …)`, `devtools (…)` in `lang`. */
export function versionText(lang, v) {
  if (v.kind === 'release') return t(lang, 'version.release', { n: v.number });
  return t(lang, v.kind === 'develop' ? 'version.develop' : 'version.devtools');
}

/** `42 s`, `2 min 29 s`, `3 h 12 min`, `2 d 4 h` (sign dropped); in Chinese `42 秒`, `2 分 29 秒`… */
export function formatDuration(seconds, lang = 'en') {
  const u = (k, n) => t(lang, k, { n });
  let s = Math.abs(Math.round(seconds));
  if (s < 120) return u('s', s);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return d >= 100 ? u('d', d) : `${u('d', d)}${h ? ` ${u('h', h)}` : ''}`;
  if (h > 0) return `${u('h', h)}${m ? ` ${u('min', m)}` : ''}`;
  return `${u('min', m)}${s ? ` ${u('s', s)}` : ''}`;
}

/** Seconds with their sign: `−60 s`, `660 s` (`−60 秒`). */
export function signedSeconds(n, lang = 'en') {
  return `${n < 0 ? '−' : ''}${t(lang, 's', { n: Math.abs(n) })}`;
}

/** `U+0061 'a'`; surrogates and invisible units are named, not printed. */
export function describeUnit(u, lang = 'en') {
  const hex = 'U+' + u.toString(16).toUpperCase().padStart(4, '0');
  if (u >= 0xd800 && u <= 0xdbff) return t(lang, 'unit.high', { hex });
  if (u >= 0xdc00 && u <= 0xdfff) return t(lang, 'unit.low', { hex });
  if (u < 0x20 || (u >= 0x7f && u <= 0xa0) || u === 0xad || (u >= 0x2000 && u <= 0x200f) || u === 0xfeff) return hex;
  return `${hex} '${String.fromCharCode(u)}'`;
}

/** `2024-03-26 10:59:11` in UTC+8 (China's time, which has no daylight saving), or ''. */
export function beijing(seconds) {
  const d = new Date((seconds + 8 * 3600) * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}
