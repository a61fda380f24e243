-- server_put.lua — wrk script for bench/server.sh: PUT every file named in
-- the list file (argument 1) once, spread over wrk's threads, then stop.
-- Counts statuses other than 201/204 as errors.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2]) or 1
  files = {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == id then table.insert(files, line) end
    i = i + 1
  end
  next_i, done_n, bad, idle = 1, 0, 0, 0
end

function request()
  local path = files[next_i]
  next_i = next_i + 1
  if not path then
    -- this thread's share is sent: idle with cheap GETs until stop()
    return wrk.format("GET", "/healthz")
  end
  local f = io.open(path, "rb")
  local body = f:read("*a")
  f:close()
  local name = path:match("([^/]+)$")
  return wrk.format("PUT", "/" .. name, {
    ["Content-Type"] = "text/html",
    ["Cache-Control"] = "max-age=604800"
  }, body)
end

function response(status, headers, body)
  if status == 200 then
    -- an idle GET: this thread's share is sent and answered (a request
    -- lost by wrk at connection start must not make it spin forever)
    idle = idle + 1
    if idle > 2000 then wrk.thread:stop() end
    return
  end
  done_n = done_n + 1
  if status ~= 201 and status ~= 204 then bad = bad + 1 end
  if done_n >= #files then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local b, n = 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("bad")
    n = n + t:get("done_n")
  end
  io.write(string.format("put_done %d\nput_errors %d\n", n, b))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("put_latency_p%d_ms %.2f\n", p, latency:percentile(p) / 1000))
  end
end
