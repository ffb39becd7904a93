-- wrk script of the monoql benchmarks: POSTs one GraphQL body and counts what wrk cannot see.
-- BODY_FILE: the request body; AUTH: a JWT (optional). Per response it counts HTTP statuses
-- other than 200, bodies with top-level GraphQL "errors" (monoql writes them first), and the floor's X-Backend-Calls header; done()
-- prints one JSON line (latency percentiles in microseconds) prefixed with BENCH_JSON.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  local auth = os.getenv("AUTH")
  if auth and auth ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. auth
  end
  bad_status, graphql_errors, backend_calls = 0, 0, 0
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif string.sub(body, 1, 10) == '{"errors":' then
    graphql_errors = graphql_errors + 1
  end
  local calls = headers["X-Backend-Calls"]
  if calls then
    backend_calls = backend_calls + tonumber(calls)
  end
end

function done(summary, latency, requests)
  local bad, gql, calls = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_status")
    gql = gql + thread:get("graphql_errors")
    calls = calls + thread:get("backend_calls")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d,'
      .. '"max":%d,"mean":%.1f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,'
      .. '"bad_status":%d,"graphql_errors":%d,"floor_calls":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
    e.timeout, bad, gql, calls))
end
