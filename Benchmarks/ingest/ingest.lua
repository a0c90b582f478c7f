-- wrk script: POST comments with unique external ids and authors, BATCH per request (the BATCH env variable).
-- Every author is new, as in a large audience, so flood control does not hold them.
-- Every response is sent only after the group commit, so a 201 means the comments are durable.
local batch = tonumber(os.getenv("BATCH") or "1")
local token = os.getenv("TOKEN")
local slug = os.getenv("SLUG") or "bench"
local threads = {}
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/api/v1/sessions/" .. slug .. "/comments"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  local parts = {}
  for i = 1, batch do
    counter = counter + 1
    parts[i] = string.format(
      '{"source":"bench","externalID":"t%d-%d-%d","author":"Warga %d","text":"Bagaimana cara mengurus KTP-el yang hilang? Nomor %d"}',
      thread_id, os.time(), counter, thread_id * 1000000 + counter, counter)
  end
  return wrk.format(nil, nil, nil, "[" .. table.concat(parts, ",") .. "]")
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d errors=%d non2xx=%d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
