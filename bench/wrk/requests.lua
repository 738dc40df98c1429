-- wrk script of bench:stub. Environment:
--   BENCH_METHOD, BENCH_BODY     request method and body
--   BENCH_PATHS                  file with one request path per line, walked round-robin
--   BENCH_HEADERS                header lines "name: value" separated by "\n"
--   BENCH_STATUS                 the status every valid answer has
-- Prints one line "BENCH valid=<n> other=<n> first_other=<status>" when done.
local method = os.getenv("BENCH_METHOD")
local body = os.getenv("BENCH_BODY")
if body == "" then body = nil end
local expected = tonumber(os.getenv("BENCH_STATUS"))
local headers = {}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  headers[name] = value
end
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end

local requests = {}
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  -- Pre-formatted requests: the load generator spends its time sending, not formatting.
  for i, path in ipairs(paths) do requests[i] = wrk.format(method, path, headers, body) end
  n = offset or 0
  valid = 0
  other = 0
  first_other = 0
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  if status == expected then
    valid = valid + 1
  else
    other = other + 1
    if first_other == 0 then first_other = status end
  end
end

function done(summary, latency, requests)
  local v, o, f = 0, 0, 0
  for _, t in ipairs(threads) do
    v = v + t:get("valid")
    o = o + t:get("other")
    if f == 0 then f = t:get("first_other") end
  end
  io.write(string.format("BENCH valid=%d other=%d first_other=%d duration_us=%d\n", v, o, f, summary.duration))
end
