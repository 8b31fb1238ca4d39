#!/usr/bin/env bash
# Page-throughput benchmark: how fast the signed-in dashboard (/app) is served
# compared with a bare endpoint (/bench/bare) on the same machine and app
# instance. The ratio dashboard/bare is what we track (goal >= 0.45): absolute
# requests/sec depend on the machine, the ratio much less.
#
# Tunables (environment): BENCH_DURATION (10s), BENCH_ROUNDS (2),
# BENCH_WARMUP (5s, 0 to skip), BENCH_THREADS (2), BENCH_CONNECTIONS (32).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-2}
warmup=${BENCH_WARMUP:-5s}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
goal=0.45

tmp=$(mktemp -d /tmp/streamline-bench.XXXXXX)
app_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$app_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages wrk curl

dotnet build Streamline.Web -c Release --nologo
dll=$PWD/Streamline.Web/bin/Release/net10.0/Streamline.Web.dll
[[ -f "$dll" ]] || die "build did not produce $dll"

port=$(free_port)
base=http://127.0.0.1:$port

# Started from the project folder, as `dotnet run` would: ASP.NET Core takes
# the working directory as content root (appsettings*.json, wwwroot).
# Logging at Warning keeps per-request log lines out of the measurement.
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Development \
        Database__Provider=Sqlite \
        ConnectionStrings__Streamline="Data Source=$tmp/bench.db" \
        Streamline__DataDirectory="$tmp" \
        Bench__Enabled=true \
        Logging__LogLevel__Default=Warning \
        dotnet "$dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

# The login response carries the auth cookie (possibly in several chunks).
login_status=$(curl -s -X POST -c "$tmp/cookies.txt" -D "$tmp/login.headers" \
    -o "$tmp/login.body" -w '%{http_code}' --max-time 30 "$base/bench/login")
if [[ ! "$login_status" =~ ^[23] ]]; then
    cat "$tmp/login.headers" "$tmp/login.body" >&2 || true
    app_log_tail
    die "POST /bench/login returned $login_status (is Bench__Enabled honoured?)"
fi
# curl's cookie jar (Netscape format) marks HttpOnly cookies with a
# "#HttpOnly_" prefix on an otherwise normal line; it drops expired cookies.
cookie=$(awk -F '\t' '
    { sub(/^#HttpOnly_/, "") }
    /^#/ || NF < 7 { next }
    { printf "%s%s=%s", sep, $6, $7; sep = "; " }
' "$tmp/cookies.txt")
[[ -n "$cookie" ]] || die "POST /bench/login ($login_status) set no cookie"

# A redirect to the login page would be fast and make the ratio meaningless.
check_dashboard() { # WHEN
    local out status location
    out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 30 \
        -H "Cookie: $cookie" "$base/app")
    status=${out%% *}
    location=${out#* }
    if [[ "$status" != 200 ]]; then
        app_log_tail
        die "GET /app with the bench cookie returned $status${location:+ (Location: $location)} $1; the dashboard must answer 200 to a signed-in user"
    fi
}

bare_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$base/bench/bare")
[[ "$bare_status" == 200 ]] || die "GET /bench/bare returned $bare_status, expected 200"
check_dashboard "before the benchmark"

# Prints Requests/sec of one wrk run; fails on non-2xx/3xx responses.
run_wrk() { # DURATION PATH [WRK ARGS...]
    local dur=$1 path=$2 out rps
    shift 2
    out=$(wrk -t"$threads" -c"$connections" -d"$dur" "$@" "$base$path")
    if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
        echo "$out" >&2
        die "wrk got error responses from $path"
    fi
    if grep -q 'Socket errors' <<<"$out"; then
        grep 'Socket errors' <<<"$out" | sed "s|^|bench: warning: $path: |" >&2
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    [[ -n "$rps" ]] || { echo "$out" >&2; die "no Requests/sec in wrk output for $path"; }
    echo "$rps"
}

echo "wrk -t$threads -c$connections -d$duration, $rounds rounds of bare then dashboard (app and wrk share $(nproc) cores)"
if [[ "$warmup" != 0 ]]; then
    echo "warm-up ($warmup each, not counted) ..."
    run_wrk "$warmup" /bench/bare >/dev/null
    run_wrk "$warmup" /app -H "Cookie: $cookie" >/dev/null
fi

# Alternating bare and dashboard runs spreads slow drifts (JIT tiering, other
# load on the machine) over both series instead of biasing one.
bare=()
dash=()
for ((r = 1; r <= rounds; r++)); do
    bare+=("$(run_wrk "$duration" /bench/bare)")
    printf 'round %d  bare       %10.2f req/s\n' "$r" "${bare[-1]}"
    dash+=("$(run_wrk "$duration" /app -H "Cookie: $cookie")")
    printf 'round %d  dashboard  %10.2f req/s   ratio %.2f\n' "$r" "${dash[-1]}" \
        "$(awk -v d="${dash[-1]}" -v b="${bare[-1]}" 'BEGIN { print d / b }')"
done

check_dashboard "after the benchmark"

awk -v bare="${bare[*]}" -v dash="${dash[*]}" -v goal="$goal" 'BEGIN {
    n = split(bare, b, " "); split(dash, d, " ")
    for (i = 1; i <= n; i++) { sb += b[i]; sd += d[i]; sr += d[i] / b[i] }
    ratio = sr / n
    printf "average  bare       %10.2f req/s\n", sb / n
    printf "average  dashboard  %10.2f req/s\n", sd / n
    printf "ratio dashboard/bare (average over %d rounds): %.2f   goal >= %.2f: %s\n",
        n, ratio, goal, (ratio >= goal ? "met" : "NOT met")
}'
