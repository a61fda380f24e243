-- server_get.lua — wrk script for bench/server.sh: GET a rotating list of
-- paths (argument 1 = a file of paths, one a line); reports non-200s.
local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do table.insert(paths, line) end
  i, bad = 0, 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("get_requests %d\nget_errors %d\n", summary.requests, b))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("get_latency_p%s_ms %.2f\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("get_rps %.0f\n", summary.requests / (summary.duration / 1e6)))
end
