#!/usr/bin/env bash
# Credits benchmark: how close spending credits comes to PostgreSQL's own write speed. One throwaway
# cluster, one client count C, and in each round, side by side:
#
#   pgbench   `pgbench -b simple-update` (BEGIN; UPDATE account; SELECT; INSERT history; END)
#   spread    CreditService.SpendAsync, a random one of N wallets per spend (bench/CreditsBench)
#   hot       the same, every client spending from one wallet
#   http      POST /api/v1/credits/consume, a random workspace's API key and a fresh Idempotency-Key
#             per request, Streamline.Web in Release (wrk with bench/credits-consume.lua)
#
# Ratios and goals: spread/pgbench >= 0.6, http/pgbench >= 0.3, hot/spread >= 0.35. Every spend is a
# real debit with its own idempotency key; the run fails on any refused spend or non-2xx response, and
# ends by checking that every wallet still equals the sum of its ledger.
#
# Each load runs in one long-lived process (pgbench aside), warmed up once before round 1: on a busy
# 2-core machine, JIT tiering in a fresh .NET process takes far longer than a few seconds, and measuring
# it would say nothing about the service.
#
# Tunables (environment): BENCH_CLIENTS (8), BENCH_DURATION (10, seconds per measurement), BENCH_WARMUP
# (20, seconds of each load before round 1, not counted), BENCH_ROUNDS (2), BENCH_WALLETS (1000),
# BENCH_PGBENCH_SCALE (1), BENCH_NPGSQL_OPTIONS (appended to the app's connection string, e.g.
# "No Reset On Close=true"; empty by default, so the run measures a plain connection string).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

clients=${BENCH_CLIENTS:-8}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-20}
rounds=${BENCH_ROUNDS:-2}
wallets=${BENCH_WALLETS:-1000}
scale=${BENCH_PGBENCH_SCALE:-1}
npgsql_options=${BENCH_NPGSQL_OPTIONS:-}

for var in clients duration rounds wallets scale; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done
[[ "$warmup" =~ ^[0-9]+$ ]] || die "warmup must be a whole number of seconds, not '$warmup'"

tmp=$(mktemp -d /tmp/streamline-bench-credits.XXXXXX)
app_pid=
driver_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$driver_pid"
    stop_process "$app_pid"
    stop_postgres
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages wrk curl

build_app_and_driver CreditsBench

start_postgres
pg_args=(-h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres)
"$_SVC_PG_BINDIR/psql" "${pg_args[@]}" -q -v ON_ERROR_STOP=1 -d postgres \
    -c 'CREATE DATABASE streamline_bench' -c 'CREATE DATABASE pgbench'
"$_SVC_PG_BINDIR/pgbench" "${pg_args[@]}" -i -q -s "$scale" pgbench 2>"$tmp/pgbench-init.log" ||
    { cat "$tmp/pgbench-init.log" >&2; die "pgbench -i failed"; }

# The app's own settings, for the driver and the web app alike. The pool leaves room for the clients
# plus the app's Hangfire workers, so no client ever waits for a connection.
export Database__Provider=Postgres
export ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_bench;Maximum Pool Size=$((clients + 40))${npgsql_options:+;$npgsql_options}"
export Streamline__DataDirectory=$tmp/data

driver() {
    dotnet "$driver_dll" "$@" --state "$tmp/state"
}

driver setup --keys "$tmp/keys" --wallets "$wallets"

port=$(free_port)
base=http://127.0.0.1:$port
# Production, as deployed; the per-key rate limit (120/min) would otherwise turn the run into 429s.
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl="$base" \
        RateLimits__ApiPermitLimit=2000000000 \
        Logging__LogLevel__Default=Warning \
        dotnet "$web_dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

consume_status=$(curl -s -o "$tmp/consume.body" -w '%{http_code}' --max-time 30 -X POST \
    -H "Authorization: Bearer $(head -n 1 "$tmp/keys")" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-check-$$" -d '{"amount_millicredits":1000}' "$base/api/v1/credits/consume")
if [[ "$consume_status" != 201 ]]; then
    cat "$tmp/consume.body" >&2 || true
    app_log_tail
    die "POST /api/v1/credits/consume returned $consume_status, expected 201"
fi

# The service driver stays up for the whole run and measures on request (see SpendServer.cs).
coproc DRIVER { exec dotnet "$driver_dll" serve --state "$tmp/state" --clients "$clients"; }
# shellcheck disable=SC2153  # DRIVER_PID is set by coproc
driver_pid=$DRIVER_PID
driver_in=${DRIVER[1]}
driver_out=${DRIVER[0]}

pgbench_threads=$((clients < $(nproc) ? clients : $(nproc)))
wrk_threads=$((clients < 2 ? clients : 2))

# Each run_* sets $result to the transactions (or spends, or requests) per second of one run. They
# run in the main shell, not in $(...): the driver's pipes exist only here.
result=
phase=
wrk_runs=0

run_pgbench() { # SECONDS
    local out
    out=$("$_SVC_PG_BINDIR/pgbench" "${pg_args[@]}" -b simple-update -c "$clients" -j "$pgbench_threads" \
        -T "$1" pgbench 2>&1) || { echo "$out" >&2; die "pgbench failed"; }
    if grep -Eq '^number of failed transactions: [1-9]' <<<"$out"; then
        echo "$out" >&2
        die "pgbench had failed transactions"
    fi
    result=$(awk '/^tps = / { print $3; exit }' <<<"$out")
    [[ -n "$result" ]] || { echo "$out" >&2; die "no tps in pgbench output"; }
}

# The driver's clients get 2 s to ramp up (connections from the pool, all C in flight) before counting.
run_service() { # spread|hot SECONDS
    local line
    echo "$1 2 $2" >&"$driver_in"
    read -r -t $(($2 + 300)) line <&"$driver_out" || die "the service driver stopped answering (see its errors above)"
    echo "    $phase$line"
    result=$(awk '/^spends\/s: / { print $2 }' <<<"$line")
    [[ -n "$result" ]] || die "no spends/s in the driver's answer: $line"
}

# Fails on non-2xx responses (402, 429, 5xx ...).
run_wrk() { # SECONDS
    local out
    wrk_runs=$((wrk_runs + 1))
    # The label keeps Idempotency-Keys unique across runs; the script's database is new each time.
    out=$(wrk -t"$wrk_threads" -c"$clients" -d"$1s" -s bench/credits-consume.lua \
        "$base/api/v1/credits/consume" -- "$tmp/keys" "wrk-$wrk_runs")
    if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
        echo "$out" >&2
        app_log_tail
        die "wrk got error responses from /api/v1/credits/consume"
    fi
    if grep -q 'Socket errors' <<<"$out"; then
        grep 'Socket errors' <<<"$out" | sed 's|^|bench: warning: |' >&2
    fi
    result=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    [[ -n "$result" ]] || { echo "$out" >&2; die "no Requests/sec in wrk output"; }
}

declare -A tps=()
measure() { # ROUND KIND
    case $2 in
        pgbench) run_pgbench "$duration" ;;
        spread | hot) run_service "$2" "$duration" ;;
        http) run_wrk "$duration" ;;
    esac
    tps[$1,$2]=$result
    printf 'round %d  %-8s %10.2f /s\n' "$1" "$2" "$result"
}

echo "$clients clients, ${duration}s per measurement, $rounds rounds, $wallets spread wallets," \
    "pgbench scale $scale; everything shares $(nproc) cores"
if ((warmup > 0)); then
    echo "warm-up, ${warmup}s of each load (not counted) ..."
    phase="warm-up: "
    run_pgbench "$warmup"
    run_service spread "$warmup"
    run_service hot 2
    run_wrk "$warmup"
    phase=
fi

# Odd rounds run forwards, even rounds backwards, so a slow drift of the shared machine (or the
# growing ledger) weighs on every series alike.
kinds=(pgbench spread hot http)
for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then order=("${kinds[@]}"); else order=(http hot spread pgbench); fi
    for kind in "${order[@]}"; do measure "$r" "$kind"; done
done

exec {driver_in}>&-
wait "$driver_pid" || die "the service driver failed"
driver_pid=
driver verify

series() { # KIND -> space-separated values, one per round
    local r out=()
    for ((r = 1; r <= rounds; r++)); do out+=("${tps[$r,$1]}"); done
    echo "${out[*]}"
}

awk -v pg="$(series pgbench)" -v spread="$(series spread)" -v hot="$(series hot)" -v http="$(series http)" \
    -v clients="$clients" 'BEGIN {
    n = split(pg, p, " "); split(spread, s, " "); split(hot, h, " "); split(http, w, " ")
    printf "\nratios per round: (a) service/pgbench  (b) HTTP/pgbench  (c) hot/spread\n"
    for (i = 1; i <= n; i++) {
        sp += p[i]; ss += s[i]; sh += h[i]; sw += w[i]
        ra += s[i] / p[i]; rb += w[i] / p[i]; rc += h[i] / s[i]
        printf "  round %d  %.3f  %.3f  %.3f\n", i, s[i] / p[i], w[i] / p[i], h[i] / s[i]
    }
    printf "\naverage over %d rounds, %d clients\n", n, clients
    printf "  %-44s %10.2f /s\n", "pgbench -b simple-update", sp / n
    printf "  %-44s %10.2f /s\n", "CreditService.SpendAsync, spread wallets", ss / n
    printf "  %-44s %10.2f /s\n", "CreditService.SpendAsync, one hot wallet", sh / n
    printf "  %-44s %10.2f /s\n", "POST /api/v1/credits/consume, spread wallets", sw / n
    printf "\n  %-36s %6s   %-7s %s\n", "ratio (average of per-round ratios)", "value", "goal", "result"
    row("(a) service spread / pgbench", ra / n, 0.6)
    row("(b) HTTP API / pgbench", rb / n, 0.3)
    row("(c) hot wallet / spread wallets", rc / n, 0.35)
}
function row(name, value, goal) {
    printf "  %-36s %6.2f   >= %.2f %s\n", name, value, goal, (value >= goal ? "met" : "NOT met")
}'
