-- wrk script for bench/credits.sh: POST /api/v1/credits/consume with a random workspace's API key
-- and an Idempotency-Key no other request of any run has used, so every request is a real debit.
--   wrk ... -s bench/credits-consume.lua URL -- KEYS_FILE RUN_LABEL

local threads = 0

-- Runs in wrk's main Lua state, once per thread: gives each thread its number.
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local keys = {}
local run, sent = nil, 0
local body = '{"amount_millicredits":1000,"description":"Benchmark spend"}'

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = "Bearer " .. line end
  end
  assert(#keys > 0, "no API keys in " .. args[1])
  run = args[2] .. "-" .. thread_number
  -- Per-thread seed: identical sequences would send every thread to the same wallet at once.
  math.randomseed(os.time() + thread_number * 7919)
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/api/v1/credits/consume", {
    ["Authorization"] = keys[math.random(#keys)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. sent,
  }, body)
end
