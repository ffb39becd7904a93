-- wrk script of the monoql benchmarks: POSTs one GraphQL body and counts what wrk cannot see.
-- BODY_FILE: the request body; AUTH: a JWT (optional). Per response it counts HTTP statuses
-- other than 200, bodies with top-level GraphQL "errors" (monoql writes them first), and the backend
-- calls the floor and the Node peer report (X-Backend-Calls; X-Backend-Sent: those not served from a
-- worker cache; Node sends header names in lower case); done()
-- prints one JSON line (latency percentiles in microseconds) prefixed with BENCH_JSON.
--
-- SURGE=1: BODY_FILE holds one body a line; requests take them in turn, each as another anonymous
-- fan (its own X-Forwarded-For address and User-Agent), as a presale surge looks to the gateway.
local threads = {}

if os.getenv("SURGE") == "1" then
  local sent = 0
  function request()
    sent = sent + 1
    local body = bodies[(sent % #bodies) + 1]
    local fan = string.format("10.%d.%d.%d", math.floor(sent / 65536) % 256, math.floor(sent / 256) % 256,
                              sent % 256)
    local headers = {["Content-Type"] = "application/json", ["Accept"] = "application/json",
                     ["X-Forwarded-For"] = fan, ["User-Agent"] = "fan-browser/" .. sent}
    return wrk.format("POST", nil, headers, body)
  end
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  bodies = {}
  for line in string.gmatch(wrk.body, "[^\n]+") do
    table.insert(bodies, line)
  end
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  local auth = os.getenv("AUTH")
  if auth and auth ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. auth
  end
  bad_status, graphql_errors, backend_calls, backend_sent = 0, 0, 0, 0
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif string.sub(body, 1, 10) == '{"errors":' then
    graphql_errors = graphql_errors + 1
  end
  local calls = headers["X-Backend-Calls"] or headers["x-backend-calls"]
  if calls then
    backend_calls = backend_calls + tonumber(calls)
  end
  local sent = headers["X-Backend-Sent"] or headers["x-backend-sent"] or calls
  if sent then
    backend_sent = backend_sent + tonumber(sent)
  end
end

function done(summary, latency, requests)
  local bad, gql, calls, sent = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_status")
    gql = gql + thread:get("graphql_errors")
    calls = calls + thread:get("backend_calls")
    sent = sent + thread:get("backend_sent")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d,'
      .. '"max":%d,"mean":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,'
      .. '"bad_status":%d,"graphql_errors":%d,"floor_calls":%d,"floor_sent":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
    e.timeout, bad, gql, calls, sent))
end
