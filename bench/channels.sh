#!/usr/bin/env bash
# Channel webhook ingest benchmark: Messenger webhooks, each signed with the channel's app secret and carrying a
# message never seen before (up to 1,500 a second per run; a faster run also redelivers some), posted to
# Streamline.Web in Release on a throwaway PostgreSQL, with a separate Streamline.Workers process running the pump (the
# web app runs no background work: Workers:InProcess=false).
#
# 1. End to end: BENCH_E2E_MESSAGES messages, each from a new customer, posted one by one at BENCH_E2E_RATE a second;
#    for each, the time from posting it to the AI's reply (offline engine) reaching the local stand-in for the Graph
#    API, sent by the Workers process. Prints p50, p95 (goal <= 1 s) and the worst.
# 2. Ingest under load, side by side with a floor, in alternating rounds (wrk):
#    bare    POST /bench/channels/bare: the same raw-body read and a 200, nothing else (Streamline.Web/Bench/BenchChannels.cs)
#    ingest  POST /webhooks/meta: signature verified over the raw bytes, the channel found, the message's received row
#            stored once (group commit), 200; the Workers process answers the messages meanwhile, on the same cores
#    Prints both throughputs, their ratio (goal ingest >= 0.5x bare) and ingest's p99 latency (goal <= 50 ms).
#
# Tunables (environment): BENCH_CLIENTS (16), BENCH_DURATION (10, seconds per measurement), BENCH_WARMUP (5),
# BENCH_ROUNDS (2), BENCH_SENDERS (500, distinct customers the load's messages come from), BENCH_E2E_MESSAGES (200),
# BENCH_E2E_RATE (10), BENCH_WORKERS_DURING_LOAD (true; false stops the Workers process before the load, to see what
# ingest costs alone).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

clients=${BENCH_CLIENTS:-16}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-5}
rounds=${BENCH_ROUNDS:-2}
senders=${BENCH_SENDERS:-500}
e2e_messages=${BENCH_E2E_MESSAGES:-200}
e2e_rate=${BENCH_E2E_RATE:-10}
for var in clients duration rounds senders e2e_messages e2e_rate; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done
[[ "$warmup" =~ ^[0-9]+$ ]] || die "warmup must be a whole number, not '$warmup'"

tmp=$(mktemp -d /tmp/streamline-bench-channels.XXXXXX)
app_pid=
workers_pid=
graph_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$app_pid"
    stop_process "$workers_pid"
    stop_process "$graph_pid"
    stop_postgres
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages wrk curl python3

dotnet build Streamline.Web -c Release --nologo -v q
dotnet build Streamline.Workers -c Release --nologo -v q
web_dll=$PWD/Streamline.Web/bin/Release/net10.0/Streamline.Web.dll
workers_dll=$PWD/Streamline.Workers/bin/Release/net10.0/Streamline.Workers.dll
[[ -f "$web_dll" ]] || die "build did not produce $web_dll"
[[ -f "$workers_dll" ]] || die "build did not produce $workers_dll"

start_postgres
"$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -d postgres \
    -c 'CREATE DATABASE streamline_bench'

# The Graph API's stand-in: accepts every send as Meta does ({recipient_id, message_id}), and notes when each reached it.
graph_port=$(free_port)
python3 - "$graph_port" "$tmp/replies.tsv" >"$tmp/graph.log" 2>&1 <<'PY' &
import http.server, json, sys, threading, time, uuid
replies, lock = open(sys.argv[2], "a", buffering=1), threading.Lock()
class Graph(http.server.BaseHTTPRequestHandler):
    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked": return self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b""
        while True:  # the app's JSON bodies come chunked
            size = int(self.rfile.readline().split(b";")[0], 16)
            body += self.rfile.read(size); self.rfile.readline()
            if size == 0: return body
    def do_POST(self):
        body = json.loads(self.read_body() or b"{}")
        with lock: replies.write(f"{body.get('recipient', {}).get('id', '')}\t{time.time():.6f}\n")
        answer = json.dumps({"recipient_id": body.get("recipient", {}).get("id", ""), "message_id": "m_" + uuid.uuid4().hex}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(answer)))
        self.end_headers(); self.wfile.write(answer)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Graph).serve_forever()
PY
graph_pid=$!

export Database__Provider=Postgres
export ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_bench;Maximum Pool Size=$((clients * 2 + 40))"
export Streamline__DataDirectory=$tmp/data

(cd Streamline.Web && ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl=http://127.0.0.1 dotnet "$web_dll" migrate) >"$tmp/migrate.log" 2>&1 \
    || { cat "$tmp/migrate.log" >&2; die "migrate failed"; }

port=$(free_port)
base=http://127.0.0.1:$port
export Channels__Messenger__ApiBase="http://127.0.0.1:$graph_port" Logging__LogLevel__Default=Warning
# Production, with the webhook limiter out of the way (every wrk connection comes from 127.0.0.1), and no background
# work in the web app: the Workers process does it.
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl="$base" Bench__Enabled=true Workers__InProcess=false \
        RateLimits__WebhookPermitLimit=2000000000 \
        dotnet "$web_dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

(
    cd Streamline.Workers
    exec env DOTNET_ENVIRONMENT=Production Web__PublicUrl="$base" dotnet "$workers_dll"
) >"$tmp/workers.log" 2>&1 &
workers_pid=$!

secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
page_id=$(curl -sf -X POST "$base/bench/channels/setup?secret=$secret" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pageId"])') \
    || { app_log_tail; die "POST /bench/channels/setup failed"; }

echo "end to end: $e2e_messages messages at $e2e_rate a second, each from a new customer, answered by the Workers process ..."
python3 - "$secret" "$page_id" "$base" "$e2e_messages" "$e2e_rate" "$tmp/replies.tsv" "$workers_pid" <<'PY' || { tail -n 40 "$tmp/workers.log" >&2; die "end-to-end run failed"; }
import hashlib, hmac, json, os, sys, time, urllib.parse, http.client
secret, page, base, count, rate, replies, workers = sys.argv[1].encode(), sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], int(sys.argv[7])
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
def post(body, signature):
    conn.request("POST", "/webhooks/meta", body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    answer = conn.getresponse(); answer.read()
    if answer.status != 200: sys.exit(f"POST /webhooks/meta returned {answer.status}")
def message(i, sender):
    now = int(time.time() * 1000)
    body = json.dumps({"object": "page", "entry": [{"id": page, "time": now, "messaging": [{"sender": {"id": sender}, "recipient": {"id": page},
        "timestamp": now, "message": {"mid": f"m_e2e_{i}_{now}", "text": "Hi! How much is a website, and do you deliver on Sundays?"}}]}]},
        separators=(",", ":")).encode()
    return body, "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
def replied():
    times = {}
    with open(replies) as f:
        for line in f:
            recipient, at = line.rstrip("\n").split("\t")
            times[recipient] = max(times.get(recipient, 0.0), float(at))
    return times
# Wait until the Workers process answers at all (it starts and migrates nothing, but warms up).
deadline = time.time() + 120
warm = "7299999999999999"
post(*message(-1, warm))
while warm not in replied():
    if time.time() > deadline: sys.exit("the Workers process answered nothing within 120 s")
    try: os.kill(workers, 0)
    except OSError: sys.exit("the Workers process exited")
    time.sleep(0.1)
sent, start = {}, time.time()
for i in range(count):
    sender = str(7200000000000000 + i)
    sent[sender] = time.time()
    post(*message(i, sender))
    time.sleep(max(0.0, start + (i + 1) / rate - time.time()))
deadline = time.time() + 60
while not all(s in replied() for s in sent) and time.time() < deadline: time.sleep(0.2)
times = replied()
latencies = sorted((times[s] - at) * 1000 for s, at in sent.items() if s in times)
if not latencies: sys.exit("no replies reached the Graph API stand-in")
pick = lambda p: latencies[max(0, min(len(latencies) - 1, int(round(p / 100 * len(latencies) + 0.5)) - 1))]
print(f"| inbound -> reply accepted (ms) | p50 {pick(50):.0f} | **p95 {pick(95):.0f}** | worst {latencies[-1]:.0f} | {len(latencies)} of {count} answered | goal p95 <= 1000 |")
PY

if [[ "${BENCH_WORKERS_DURING_LOAD:-true}" != true ]]; then
    stop_process "$workers_pid"
    workers_pid=
fi

# Each run has its slice of the file, 1,500 distinct messages a second; a faster run wraps past its slice into
# messages sent before, which the app answers as redeliveries (the summary says how many requests were new).
count=$(( (2 + 2 * rounds) * duration * 1500 ))
python3 - "$secret" "$page_id" "$count" "$senders" >"$tmp/requests.tsv" <<'PY'
import hashlib, hmac, json, sys, time
secret, page, count, senders = sys.argv[1].encode(), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
now = int(time.time() * 1000)
for i in range(count):
    body = json.dumps({"object": "page", "entry": [{"id": page, "time": now + i, "messaging": [{
        "sender": {"id": str(7100000000000000 + i % senders)}, "recipient": {"id": page}, "timestamp": now + i,
        "message": {"mid": f"m_bench_{i}", "seq": i, "text": f"Hello, message {i}: do you deliver on Sundays?"}}]}]},
        separators=(",", ":")).encode()
    print("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest() + "\t" + body.decode())
PY

check=$(head -n 1 "$tmp/requests.tsv")
check_status=$(curl -s -o "$tmp/check.body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-Hub-Signature-256: ${check%%$'\t'*}" --data-binary "${check#*$'\t'}" "$base/webhooks/meta")
[[ "$check_status" == 200 ]] || { cat "$tmp/check.body" >&2; app_log_tail; die "POST /webhooks/meta returned $check_status, expected 200"; }

wrk_threads=$((clients < 2 ? clients : 2))
wrk_runs=0
total_runs=$(( (warmup > 0 ? 2 : 0) + 2 * rounds ))
result=
p99=
ingest_sent=0
run_wrk() { # PATH SECONDS
    local out
    wrk_runs=$((wrk_runs + 1))
    out=$(wrk -t"$wrk_threads" -c"$clients" -d"$2s" --latency -s bench/channels-webhooks.lua "$base$1" -- "$tmp/requests.tsv" "$1" \
        "$wrk_runs" "$total_runs")
    if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
        echo "$out" >&2
        app_log_tail
        die "wrk got error responses from $1"
    fi
    result=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    [[ $1 == /webhooks/meta ]] && ingest_sent=$((ingest_sent + $(awk '/ requests in / { print $1 }' <<<"$out")))
    p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$out")
    [[ -n "$result" && -n "$p99" ]] || { echo "$out" >&2; die "no Requests/sec or 99% latency in wrk output"; }
}

echo "$clients clients, ${duration}s per measurement, $rounds rounds, $senders senders; everything shares $(nproc) cores"
if ((warmup > 0)); then
    echo "warm-up, ${warmup}s of each (not counted) ..."
    run_wrk /bench/channels/bare "$warmup"
    run_wrk /webhooks/meta "$warmup"
fi

declare -A rps=() lat=()
for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then order=(bare ingest); else order=(ingest bare); fi
    for kind in "${order[@]}"; do
        if [[ $kind == bare ]]; then run_wrk /bench/channels/bare "$duration"; else run_wrk /webhooks/meta "$duration"; fi
        rps[$r,$kind]=$result
        lat[$r,$kind]=$p99
        printf 'round %d  %-7s %10.1f req/s   p99 %8.2f ms\n' "$r" "$kind" "$result" "$p99"
    done
done

stored=$("$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -d streamline_bench -tAc \
    'SELECT count(*) FROM "ChannelInbound" WHERE "ProviderMessageId" LIKE '"'"'m_bench_%'"'")
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
bare=$(printf '%s\n' $(for ((r = 1; r <= rounds; r++)); do echo "${rps[$r,bare]}"; done) | median)
ingest=$(printf '%s\n' $(for ((r = 1; r <= rounds; r++)); do echo "${rps[$r,ingest]}"; done) | median)
ingest_p99=$(printf '%s\n' $(for ((r = 1; r <= rounds; r++)); do echo "${lat[$r,ingest]}"; done) | sort -g | tail -n 1)
bare_p99=$(printf '%s\n' $(for ((r = 1; r <= rounds; r++)); do echo "${lat[$r,bare]}"; done) | sort -g | tail -n 1)
echo
echo "| measure | bare | ingest | ingest / bare | goal |"
echo "|---|---|---|---|---|"
awk -v b="$bare" -v i="$ingest" 'BEGIN { printf "| requests/s (median of rounds) | %.0f | %.0f | **%.2f×** | ≥ 0.5× |\n", b, i, i / b }'
awk -v b="$bare_p99" -v i="$ingest_p99" 'BEGIN { printf "| p99 latency, worst round (ms) | %.2f | **%.2f** | %.1f× | ≤ 50 ms |\n", b, i, i / b }'
# A run faster than its slice of the file wraps to messages already sent: those are redeliveries, cheaper than a new message.
echo "messages stored: $stored of $ingest_sent ingest requests (the rest redeliveries; the checks above got 200 for every request)"
if [[ -n "$workers_pid" ]]; then
    answered=$("$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -d streamline_bench -tAc \
        'SELECT count(*) FROM "ChannelInbound" WHERE "ProcessedAt" IS NOT NULL')
    echo "processed by the Workers process by the end: $answered"
fi
