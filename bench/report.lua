-- wrk script: count non-2xx responses in every thread, and print one JSON line when the run is done.
-- Latencies are in microseconds, as wrk measures them (time to the last byte, as seen by the client).
local threads = {}

-- A browser's user agent: without one the portal takes wrk for a bot and skips the view counter
-- (hub/stats/counting.py), whose cost the figures must include (issue 10: "no measurable time").
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) cluster-hub-bench"

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(95)), math.floor(latency:percentile(99)),
    math.floor(latency.max), non2xx_total, e.connect + e.read + e.write + e.timeout))
end
