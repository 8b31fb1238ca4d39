#!/usr/bin/env bash
# Channel webhook ingest benchmark: Messenger webhooks, each signed with the channel's app secret and carrying a
# message never seen before (bench/channels-webhooks.lua makes and signs them as it goes), posted to
# Streamline.Web in Release on a throwaway PostgreSQL, with a separate Streamline.Workers process running the pump (the
# web app runs no background work: Workers:InProcess=false).
#
# 1. End to end: BENCH_E2E_MESSAGES messages, each from a new customer, posted one by one at BENCH_E2E_RATE a second;
#    for each, the time from posting it to the AI's reply (offline engine) reaching the local stand-in for the Graph
#    API, sent by the Workers process. Prints p50, p95 (goal <= 1 s) and the worst, then where the time went (from the
#    rows' own timestamps: received -> processed by the pump, -> reply committed, reply committed -> sent).
# 2. Ingest under load, side by side with two floors, in rotating rounds (wrk):
#    bare      POST /bench/channels/bare: the same raw-body read and a 200, nothing else (Streamline.Web/Bench/BenchChannels.cs)
#    unstored  POST /bench/channels/unstored: the webhook's own handler with everything but the storing (limiter,
#              signature, parse, channel lookup, rows made), to see what storing costs
#    ingest    POST /webhooks/meta: signature verified over the raw bytes, the channel found, the message's received row
#              stored once (group commit), 200; the Workers process answers the messages meanwhile, on the same cores
#    Prints the throughputs, ingest's ratio to bare (goal >= 0.5x), p99 latencies (goal <= 50 ms for ingest), and the CPU
#    time one request cost the web process, PostgreSQL and the whole machine (from /proc), which says where a request's
#    cost goes; then that as a budget: what the web process may spend beyond a bare request at 0.5x, what it does, and
#    the ratio storing could reach at best (were handing the row to PostgreSQL free for the web process).
#
# Tunables (environment): BENCH_CLIENTS (16), BENCH_DURATION (10, seconds per measurement), BENCH_WARMUP (5),
# BENCH_ROUNDS (2), BENCH_SENDERS (500, distinct customers the load's messages come from), BENCH_E2E_MESSAGES (200),
# BENCH_E2E_RATE (10), BENCH_WORKERS_DURING_LOAD (true; false stops the Workers process before the load, to see what
# ingest costs alone), BENCH_CATCH_UP (20, seconds the Workers process is watched working through the load's backlog
# afterwards).
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
catch_up=${BENCH_CATCH_UP:-20}
for var in clients duration rounds senders e2e_messages e2e_rate catch_up; do
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
    protocol_version = "HTTP/1.1"  # keep-alive, as the Graph API does: an HTTP/1.0 server closing each connection made the app's
                                   # next send on it fail now and then ("response ended prematurely") and wait 5 s to retry
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

# Where the end-to-end time went, from the database's own timestamps: received -> stored by the pump (ProcessedAt),
# received -> the reply's outbound row committed, and that row committed -> accepted by the provider (Sent).
"$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -d streamline_bench -tA -F ' ' <<'SQL' |
WITH e2e AS (
    SELECT i."ReceivedAt" AS received, i."ProcessedAt" AS processed,
        (SELECT min(m."CreatedAt") FROM "ChannelMessages" m WHERE m."IdentityId" = ci."Id" AND m."Direction" = 'Outbound') AS replied,
        (SELECT min(m."UpdatedAt") FROM "ChannelMessages" m
         WHERE m."IdentityId" = ci."Id" AND m."Direction" = 'Outbound' AND m."State" <> 'Queued') AS sent
    FROM "ChannelInbound" i JOIN "ChannelIdentities" ci ON ci."ChannelId" = i."ChannelId" AND ci."ExternalId" = i."SenderId"
    WHERE i."ProviderMessageId" LIKE 'm\_e2e\_%' AND i."ProviderMessageId" NOT LIKE 'm\_e2e\_-1\_%'),
spans AS (
    SELECT 'received -> processed by the pump' AS span, 1 AS n, extract(epoch FROM processed - received) * 1000 AS ms FROM e2e
    UNION ALL SELECT 'received -> reply committed', 2, extract(epoch FROM replied - received) * 1000 FROM e2e
    UNION ALL SELECT 'reply committed -> sent', 3, extract(epoch FROM sent - replied) * 1000 FROM e2e)
SELECT n, span, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric),
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric), round(max(ms)::numeric), count(ms)
FROM spans GROUP BY n, span ORDER BY n
SQL
    while read -r _ line; do
        read -r -a f <<<"$line"
        n=${#f[@]}
        printf '  %-32s p50 %6s ms   p95 %6s ms   worst %6s ms   (%s messages)\n' "${f[*]:0:n-4}" "${f[n-4]}" "${f[n-3]}" "${f[n-2]}" "${f[n-1]}"
    done

if [[ "${BENCH_WORKERS_DURING_LOAD:-true}" != true ]]; then
    stop_process "$workers_pid"
    workers_pid=
fi


wrk_threads=$((clients < 2 ? clients : 2))
((senders % wrk_threads == 0)) || die "senders ($senders) must be a multiple of wrk's $wrk_threads threads"
wrk_runs=0
result=
p99=
ingest_sent=0
web_cpu=
postgres_cpu=
machine_cpu=
# CPU time (user + system, in clock ticks) the web process, and every PostgreSQL process, has used so far: the difference
# over a measurement divided by its requests is what one request cost each (a backend that exits meanwhile is not counted).
web_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }
# Every process on the machine (wrk too): user, nice, system, irq, softirq and steal ticks summed over the cores.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
postgres_ticks() { pgrep -u postgres | sed 's|.*|/proc/&/stat|' | xargs cat 2>/dev/null | awk '{ t += $14 + $15 } END { print t + 0 }'; }
per_request_us() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (t < 0 ? 0 : t) * 1e6 / hz / n }'; }
run_wrk() { # PATH SECONDS
    local out
    wrk_runs=$((wrk_runs + 1))
    local web0 postgres0 machine0 requests
    web0=$(web_ticks)
    machine0=$(machine_ticks)
    postgres0=$(postgres_ticks)
    out=$(wrk -t"$wrk_threads" -c"$clients" -d"$2s" --latency -s bench/channels-webhooks.lua "$base$1" -- "$secret" "$page_id" "$1" \
        "$wrk_runs" "$senders" "$wrk_threads")
    if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
        echo "$out" >&2
        app_log_tail
        die "wrk got error responses from $1"
    fi
    result=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    requests=$(awk '/ requests in / { print $1 }' <<<"$out")
    web_cpu=$(per_request_us $(($(web_ticks) - web0)) "$requests")
    postgres_cpu=$(per_request_us $(($(postgres_ticks) - postgres0)) "$requests")
    machine_cpu=$(per_request_us $(($(machine_ticks) - machine0)) "$requests")
    [[ $1 == /webhooks/meta ]] && ingest_sent=$((ingest_sent + requests))
    p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$out")
    [[ -n "$result" && -n "$p99" ]] || { echo "$out" >&2; die "no Requests/sec or 99% latency in wrk output"; }
}

declare -A path=([bare]=/bench/channels/bare [unstored]=/bench/channels/unstored [ingest]=/webhooks/meta)
kinds=(bare unstored ingest)
echo "$clients clients, ${duration}s per measurement, $rounds rounds, $senders senders; everything shares $(nproc) cores"
if ((warmup > 0)); then
    echo "warm-up, ${warmup}s of each (not counted) ..."
    for kind in "${kinds[@]}"; do run_wrk "${path[$kind]}" "$warmup"; done
fi

declare -A rps=() lat=() web_us=() postgres_us=() machine_us=()
for ((r = 1; r <= rounds; r++)); do
    # Each round starts with the next kind, so none is always measured first or last.
    order=("${kinds[@]:r % 3}" "${kinds[@]:0:r % 3}")
    for kind in "${order[@]}"; do
        run_wrk "${path[$kind]}" "$duration"
        rps[$r,$kind]=$result
        lat[$r,$kind]=$p99
        web_us[$r,$kind]=$web_cpu
        postgres_us[$r,$kind]=$postgres_cpu
        machine_us[$r,$kind]=$machine_cpu
        printf 'round %d  %-8s %10.1f req/s   p99 %8.2f ms   CPU per request: web %6.1f µs, PostgreSQL %6.1f µs, machine %6.1f µs\n' \
            "$r" "$kind" "$result" "$p99" "$web_cpu" "$postgres_cpu" "$machine_cpu"
    done
done

stored=$("$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -d streamline_bench -tAc \
    'SELECT count(*) FROM "ChannelInbound" WHERE "ProviderMessageId" LIKE '"'"'m_bench_%'"'")
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A m=()
for kind in "${kinds[@]}"; do
    m[rps,$kind]=$(for ((r = 1; r <= rounds; r++)); do echo "${rps[$r,$kind]}"; done | median)
    m[p99,$kind]=$(for ((r = 1; r <= rounds; r++)); do echo "${lat[$r,$kind]}"; done | sort -g | tail -n 1)
    for what in web postgres machine; do
        declare -n cpu="${what}_us"
        m[$what,$kind]=$(for ((r = 1; r <= rounds; r++)); do echo "${cpu[$r,$kind]}"; done | median)
        unset -n cpu
    done
done
row() { # LABEL FORMAT KEY [RATIO-CELL GOAL]
    awk -v l="$1" -v f="$2" -v b="${m[$3,bare]}" -v u="${m[$3,unstored]}" -v i="${m[$3,ingest]}" -v extra="${4:-| |}" \
        'BEGIN { printf "| %s | " f " | " f " | " f " %s |\n", l, b, u, i, extra }'
}
echo
echo "| measure | bare | unstored | ingest | ingest / bare | goal |"
echo "|---|---|---|---|---|---|"
row "requests/s (median of rounds)" "%.0f" rps \
    "$(awk -v b="${m[rps,bare]}" -v i="${m[rps,ingest]}" 'BEGIN { printf "| **%.2f×** | ≥ 0.5×", i / b }')"
row "p99 latency, worst round (ms)" "%.2f" p99 "| | ≤ 50 ms (ingest)"
row "CPU per request, the web process (µs, median)" "%.1f" web
row "CPU per request, PostgreSQL (every process, the pump's work too) (µs, median)" "%.1f" postgres
row "CPU per request, the whole machine (wrk and the Workers process too) (µs, median)" "%.1f" machine
# The ratio as a CPU budget: at 0.5x an ingest request may cost the machine twice what a bare one does. Less what the
# bare request costs and what PostgreSQL spent per ingest request, the rest is what the web process may spend beyond a
# bare request on verifying, parsing, handing the row to the writer and answering; "unstored" shows how much of that
# goes before storing anything. The ceiling is the ratio ingest would reach if handing its row to PostgreSQL cost the
# web process nothing at all: the unstored request's cost on the machine plus PostgreSQL's.
if [[ -n "$workers_pid" ]]; then
    echo "(the CPU budget and ceiling need the Workers process stopped: BENCH_WORKERS_DURING_LOAD=false; answering meanwhile, its"
    echo " work and PostgreSQL's for it land on every kind of request alike)"
else
    awk -v b="${m[machine,bare]}" -v p="${m[postgres,ingest]}" -v u="${m[machine,unstored]}" \
        -v wb="${m[web,bare]}" -v wu="${m[web,unstored]}" -v wi="${m[web,ingest]}" 'BEGIN {
            printf "CPU budget at 0.5×: the web process may spend %.1f µs a request beyond the bare request (%.1f for a bare request on the whole machine, less %.1f in PostgreSQL); it spends %.1f, %.1f of it before storing anything\n", b - p, b, p, wi - wb, wu - wb
            printf "ceiling, were storing free for the web process: %.1f / (%.1f + %.1f) = %.2f×\n", b, u, p, b / (u + p) }'
fi
# Every ingest request carried a new message; a request still in flight when wrk stopped may be stored but not counted.
echo "messages stored: $stored; ingest requests answered 200: $ingest_sent"
if [[ -n "$workers_pid" ]]; then
    count_rows() { "$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -d streamline_bench -tAc "SELECT count(*) FROM \"ChannelInbound\" WHERE $1"; }
    answered=$(count_rows '"ProcessedAt" IS NOT NULL')
    echo "processed by the Workers process by the end: $answered"
    # What a customer behind the load's backlog sees: how fast the Workers process works through it once the load stops.
    backlog=$(count_rows '"ProcessedAt" IS NULL')
    sleep "$catch_up"
    caught_up=$(($(count_rows '"ProcessedAt" IS NOT NULL') - answered))
    awk -v b="$backlog" -v n="$caught_up" -v s="$catch_up" \
        'BEGIN { printf "after the load: a backlog of %d messages, %d of them answered in the next %d s (%.0f a second)\n", b, n, s, n / s }'
fi
