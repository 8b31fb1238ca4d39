-- wrk script for bench/channels.sh: POSTs Messenger webhooks, each signed here with the channel's app secret and carrying
-- a message no request before it carried (run, thread and count are in its id), so every one is verified, stored and
-- queued, never a redelivery. Signing uses OpenSSL's HMAC through LuaJIT's FFI: wrk links libcrypto already.
--   wrk -tTHREADS ... -s bench/channels-webhooks.lua URL -- SECRET PAGE_ID PATH RUN SENDERS THREADS
-- SECRET: the app secret; PAGE_ID: the page the messages are for; PATH: where to post them; RUN: this run's number,
-- part of every message id; SENDERS: how many customers the messages come from (a multiple of THREADS).

local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("crypto")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local secret, page, path, run, senders, thread_count
local sha256, digest, digest_length = nil, ffi.new("unsigned char[32]"), ffi.new("unsigned int[1]")
local hex = {}
for i = 0, 255 do hex[i] = string.format("%02x", i) end
local sent = 0

function init(args)
  secret, page, path, run, senders, thread_count = args[1], args[2], args[3], args[4], tonumber(args[5]), tonumber(args[6])
  assert(secret and page and path and run and senders and thread_count, "usage: -- SECRET PAGE_ID PATH RUN SENDERS THREADS")
  sha256 = crypto.EVP_sha256()
end

local function sign(body)
  crypto.HMAC(sha256, secret, #secret, body, #body, digest, digest_length)
  local out = {}
  for i = 0, 31 do out[i + 1] = hex[digest[i]] end
  return "sha256=" .. table.concat(out)
end

function request()
  sent = sent + 1
  local now = os.time() * 1000
  local id = string.format("m_bench_%s_%d_%d", run, thread_number, sent)
  -- Each customer is one thread's, so a customer's messages are sent in order.
  local sender = 7100000000000000 + ((sent * thread_count + thread_number - 1) % senders)
  local body = string.format(
    '{"object":"page","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"%d"},"recipient":{"id":"%s"},' ..
    '"timestamp":%d,"message":{"mid":"%s","seq":%d,"text":"Hello, message %d: do you deliver on Sundays?"}}]}]}',
    page, now, sender, page, now, id, sent, sent)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["X-Hub-Signature-256"] = sign(body),
  }, body)
end
