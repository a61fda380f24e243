-- server_get.lua — wrk script for bench/server.sh: GET a rotating list of
-- paths (argument 1 = a file of paths, one a line); reports non-2xx.
-- No response() callback: with one, wrk copies every body into Lua, and
-- for megabyte answers the client, not the server, becomes the bottleneck.

function init(args)
  paths = {}
  for line in io.lines(args[1]) do table.insert(paths, line) end
  i = 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("get_requests %d\nget_errors %d\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("get_latency_p%s_ms %.2f\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("get_rps %.0f\n", summary.requests / (summary.duration / 1e6)))
end
