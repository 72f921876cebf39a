-- wrk script for bench/run.py: prints one JSON line (p50, p95, p99, throughput, errors).
--
-- Environment:
--   BENCH_PATHS   a file of request paths, one a line: the threads take turns through it
--   BENCH_ONCE=1  request each path at most once, then stop (uncached runs)
--   BENCH_STATUS=1  count responses by status code (costs a little: wrk then parses them)
-- Without BENCH_PATHS every request is the path given on wrk's command line.

local paths_file = os.getenv("BENCH_PATHS")
local once = os.getenv("BENCH_ONCE") == "1"
local count_status = os.getenv("BENCH_STATUS") == "1"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

thread_id = 0
nthreads = 0
local paths = nil
local requests_made = 0
statuses = {}

function init(args)
  nthreads = tonumber(args[1] or "1")
  if paths_file then
    paths = {}
    for line in io.lines(paths_file) do
      if #line > 0 then table.insert(paths, line) end
    end
  end
end

if paths_file then
  request = function()
    local index = thread_id + requests_made * nthreads
    requests_made = requests_made + 1
    if index > #paths then
      if once then
        wrk.thread:stop()
      end
      index = ((index - 1) % #paths) + 1
    end
    return wrk.format("GET", paths[index])
  end
end

if count_status then
  response = function(status, headers, body)
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses") or {}
    for code, n in pairs(counts) do
      merged[code] = (merged[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
