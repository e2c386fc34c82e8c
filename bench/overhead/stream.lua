-- wrk script of the overhead benchmark (bench/overhead/run.mjs writes the
-- list and starts the server): sends GET <path> with the Referer and
-- X-WECHAT-HOSTSIGN of each pair of a pre-generated list in turn, the same
-- list for the bare and the verifying endpoint, so both pay the same client
-- and header-parsing cost.
--
--   wrk -t1 -c32 -d3s -s bench/overhead/stream.lua http://127.0.0.1:PORT/v -- PAIRS.txt
--
-- PAIRS is a text file, one pair a line: referer TAB hostsign (read line by
-- line: LuaJIT refuses a table constructor of 100,000 strings). done() prints one line
-- OVERHEAD-RESULT {requests, duration_us, errors} for run.mjs; errors.status
-- counts responses other than 2xx/3xx (a refused request).

function init(args)
  local host = wrk.host .. ":" .. wrk.port
  reqs = {}
  n = 0
  for line in io.lines(args[1]) do
    local referer, hostsign = line:match("^([^\t]*)\t(.*)$")
    n = n + 1
    reqs[n] = "GET " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host ..
      "\r\nReferer: " .. referer .. "\r\nX-WECHAT-HOSTSIGN: " .. hostsign .. "\r\n\r\n"
  end
  i = 0
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nOVERHEAD-RESULT {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
