#!/usr/bin/env bash
# Chat benchmark: what the app adds to a model's time to first token. A local chat-completions provider with a
# fixed first-token delay and token rate (bench/ChatBench provider), Streamline.Web in Release on a throwaway
# PostgreSQL pointed at it, and C concurrent clients (arriving evenly over the first half second of each measurement) measured side by side in alternating rounds:
#
#   direct  streamed completions straight from the provider
#   floor   the same post-then-stream requests against the app's bench floor: the model call through the same relay,
#           with no database, prompt or credits (Streamline.Web/Bench/BenchChatFloor.cs); what two HTTP hops cost here
#   app     widget visitors: post a message, open its reply stream (SSE), time to the first relayed chunk
#
# Prints the time to first token the app adds over the provider (app minus direct at p50 and p99; goals <= 3 ms
# and <= 20 ms), how much of it the floor already adds, and messages/s. Every app reply goes the production way: stored visitor message, reply lease,
# prompt from the knowledge assembly, credits held and charged, the answer stored as it finishes.
#
# Tunables (environment): BENCH_CLIENTS (50), BENCH_DURATION (15, seconds per measurement), BENCH_WARMUP (15),
# BENCH_ROUNDS (2), BENCH_WORKSPACES (10, the conversations are spread over them), BENCH_FIRST_TOKEN_MS (250),
# BENCH_TOKENS (30), BENCH_TOKEN_MS (10), BENCH_TRACE (a file: the app's CPU samples during the load, as a
# speedscope JSON from dotnet-trace, to see where the time goes), BENCH_NPGSQL_OPTIONS (appended to the app's
# connection string, e.g. "No Reset On Close=true"; empty by default).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

clients=${BENCH_CLIENTS:-50}
duration=${BENCH_DURATION:-15}
warmup=${BENCH_WARMUP:-15}
rounds=${BENCH_ROUNDS:-2}
workspaces=${BENCH_WORKSPACES:-10}
first_token_ms=${BENCH_FIRST_TOKEN_MS:-250}
tokens=${BENCH_TOKENS:-30}
token_ms=${BENCH_TOKEN_MS:-10}
for var in clients duration warmup rounds workspaces first_token_ms tokens token_ms; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done

tmp=$(mktemp -d /tmp/streamline-bench-chat.XXXXXX)
app_pid=
provider_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$app_pid"
    stop_process "$provider_pid"
    stop_postgres
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages curl

build_app_and_driver ChatBench

start_postgres
"$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -d postgres \
    -c 'CREATE DATABASE streamline_bench'

export Database__Provider=Postgres
npgsql_options=${BENCH_NPGSQL_OPTIONS:-}
export ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_bench;Maximum Pool Size=$((clients * 2 + 40))${npgsql_options:+;$npgsql_options}"
export Streamline__DataDirectory=$tmp/data

dotnet "$driver_dll" setup --keys "$tmp/keys" --workspaces "$workspaces"

provider_port=$(free_port)
dotnet "$driver_dll" provider --port "$provider_port" --first-token-ms "$first_token_ms" --tokens "$tokens" \
    --token-ms "$token_ms" >"$tmp/provider.log" 2>&1 &
provider_pid=$!
provider=http://127.0.0.1:$provider_port
for ((i = 0; i < 100; i++)); do
    grep -q 'provider ready' "$tmp/provider.log" && break
    kill -0 "$provider_pid" 2>/dev/null || { cat "$tmp/provider.log" >&2; die "the local provider exited"; }
    sleep 0.2
done
grep -q 'provider ready' "$tmp/provider.log" || die "the local provider did not start"

port=$(free_port)
base=http://127.0.0.1:$port
# Production, as deployed, with the chat's per-visitor and per-address limits out of the way: every client here
# shares 127.0.0.1 and would otherwise be turned away after 30 messages a minute. gpt-4o-mini is in the model
# catalog, so each reply is priced and charged as a real one.
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl="$base" Bench__Enabled=true \
        AI__Endpoint="$provider/v1" AI__ApiKey=bench AI__Model=gpt-4o-mini \
        RateLimits__ChatVisitorPermitLimit=2000000000 \
        RateLimits__ChatAddressPermitLimit=2000000000 \
        RateLimits__ChatStartPermitLimit=2000000000 \
        Logging__LogLevel__Default=Warning \
        dotnet "$web_dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

echo "$clients clients, ${duration}s per measurement, $rounds rounds, $workspaces workspaces; provider: first token" \
    "after ${first_token_ms} ms, $tokens tokens ${token_ms} ms apart; everything shares $(nproc) cores"
trace_pid=
if [[ -n "${BENCH_TRACE:-}" ]]; then
    command -v dotnet-trace >/dev/null || die "BENCH_TRACE needs dotnet-trace (dotnet tool install -g dotnet-trace)"
    dotnet-trace collect -p "$app_pid" --profile dotnet-sampled-thread-time --format Speedscope -o "$BENCH_TRACE" >"$BENCH_TRACE.log" 2>&1 &
    trace_pid=$!
fi
if ! dotnet "$driver_dll" load --app "$base" --app-pid "$app_pid" --provider "$provider" --keys "$tmp/keys" --clients "$clients" \
    --seconds "$duration" --rounds "$rounds" --warmup "$warmup"; then
    app_log_tail
    die "the load failed"
fi
if [[ -n "$trace_pid" ]]; then
    kill -INT "$trace_pid" 2>/dev/null || true
    wait "$trace_pid" || true
    echo "trace: $BENCH_TRACE"
fi
