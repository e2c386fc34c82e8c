-- wrk script of the loopback load test (run by bench/load/run.mjs, which
-- writes the request list and starts the server): sends a mixed stream of
-- pre-generated raw requests and checks every response against what its
-- request deserved (status 200, or 401 with {"error":CODE}).
--
--   wrk -t N -c N -s bench/load/mixed.lua URL -- REQUESTS.lua MAX_RESPONSES
--
-- One connection per wrk thread (-c equal to -t) and no pipelining, so each
-- thread's responses arrive in the order of its requests: a FIFO of the
-- request indices pairs each response with its request. A reconnect would
-- break the pairing; run.mjs therefore also requires 0 socket errors.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  reqs = dofile(args[1])
  max = tonumber(args[2]) or 1e12
  n = #reqs
  -- Threads start at different places in the list.
  i = (id * 7919) % n
  fifo, head, tail = {}, 1, 0
  -- wrk calls request() once on the first thread before the run, to count
  -- pipelined requests (script_verify_request); that request is never sent.
  unsent = (id == 0) and 1 or 0
  responses, misjudged, unpaired = 0, 0, 0
  counts = {}
  samples = ""
end

function request()
  i = i % n + 1
  if unsent > 0 then
    unsent = unsent - 1
  else
    tail = tail + 1
    fifo[tail] = i
  end
  return reqs[i].r
end

function response(status, headers, body)
  if head > tail then
    unpaired = unpaired + 1
    return
  end
  local e = reqs[fifo[head]]
  fifo[head] = nil
  head = head + 1
  local got = "ok"
  if status ~= 200 then
    got = (body and body:match('"error":"([A-Z_]+)"')) or ("HTTP " .. status)
  end
  local want = e.c
  local key = e.k .. ":" .. got
  counts[key] = (counts[key] or 0) + 1
  if status ~= e.s or got ~= want then
    misjudged = misjudged + 1
    if misjudged <= 5 then
      samples = samples .. string.format("%s: expected %s (HTTP %d), got %s (HTTP %d); ", e.k, want, e.s, got, status)
    end
  end
  responses = responses + 1
  if responses >= max then
    wrk.thread:stop()
  end
end

local function q(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local total = { responses = 0, misjudged = 0, unpaired = 0 }
  local counts, samples = {}, ""
  for _, t in ipairs(threads) do
    total.responses = total.responses + t:get("responses")
    total.misjudged = total.misjudged + t:get("misjudged")
    total.unpaired = total.unpaired + t:get("unpaired")
    samples = samples .. t:get("samples")
    for k, v in pairs(t:get("counts")) do counts[k] = (counts[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(counts) do table.insert(parts, q(k) .. ":" .. v) end
  local e = summary.errors
  io.write(string.format(
    '\nLOAD-RESULT {"requests":%d,"duration_us":%d,"responses":%d,"misjudged":%d,"unpaired":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"counts":{%s},"samples":%s}\n',
    summary.requests, summary.duration, total.responses, total.misjudged, total.unpaired,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ","), q(samples)))
end
