-- wrk script for bench/channels.sh: POSTs pre-signed Messenger webhooks, each a message no request before it
-- carried, so every one is verified, stored and queued (not a redelivery).
--   wrk ... -s bench/channels-webhooks.lua URL -- REQUESTS_FILE PATH RUN RUNS
-- REQUESTS_FILE: one "signature<TAB>body" per line (bench/channels.sh writes it); PATH: where to post them;
-- RUN of RUNS: which slice of the file this run starts at, so no run repeats another's messages.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local requests = {}
local next_index = 1

-- Each thread takes every n-th line (n = its number of 2), so no two threads send the same message.
function init(args)
  local i = 0
  for line in io.lines(args[1]) do
    i = i + 1
    if i % 2 == thread_number % 2 then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", args[2], {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
  end
  assert(#requests > 0, "no requests in " .. args[1])
  next_index = math.floor((tonumber(args[3]) - 1) * #requests / tonumber(args[4])) + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
