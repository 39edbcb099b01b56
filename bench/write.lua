-- write.lua - the write path under wrk: many logged-in accounts, each
-- request a real form POST with the account's session cookie and CSRF
-- token, as a browser sends it.
--
--   wrk ... -s bench/write.lua URL -- SESSIONS IDS MODE
--
-- SESSIONS: one "cookie<TAB>csrf-token" line per account (made by
-- bench.mjs with curl: log in, then read the token from /account).
-- IDS: one idea id per line (ideas that take supports: visible, in an
-- open challenge or the open idea box).
-- MODE: "support" posts /ideas/{id}/support (a toggle: support, or
-- withdraw a support given before - a write either way); "settings"
-- posts /account/settings (the language, alternating), the stand-in
-- while the support route does not exist.

local sessions, ids, mode = {}, {}, "support"
local n = 0
statuses = {}

local function lines(path)
  local t = {}
  for line in io.lines(path) do
    if line ~= "" then t[#t + 1] = line end
  end
  return t
end

init = function(args)
  for _, line in ipairs(lines(args[1])) do
    local cookie, token = line:match("^([^\t]+)\t(.+)$")
    sessions[#sessions + 1] = { cookie = cookie, token = token }
  end
  for _, line in ipairs(lines(args[2])) do ids[#ids + 1] = line end
  mode = args[3] or mode
  math.randomseed(4)
end

request = function()
  n = n + 1
  local s = sessions[(n % #sessions) + 1]
  local headers = {
    ["Cookie"] = s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  if mode == "settings" then
    -- Each account's language changes with every request it makes.
    local lang = (math.floor(n / #sessions) % 2 == 0) and "de" or "en"
    return wrk.format("POST", "/account/settings", headers,
                      "_csrf=" .. s.token .. "&language=" .. lang)
  end
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/ideas/" .. id .. "/support", headers, "_csrf=" .. s.token)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end

done = function(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do counts[k] = (counts[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,' ..
    '"socket_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, table.concat(parts, ",")))
end
