#!/usr/bin/env bash
# Page-throughput benchmark: how fast the signed-in dashboard (/app) is served
# compared with the floor, a signed-in Razor page of the same app in the same
# layout whose own work is one small query (/bench/floor): what the framework,
# the middleware and the layout cost on this machine. The ratio dashboard/floor
# is what we track (goal >= 0.5): absolute requests/sec depend on the machine,
# the ratio much less.
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
goal=0.5

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
check_page() { # PATH WHEN
    local out status location
    out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 30 \
        -H "Cookie: $cookie" "$base$1")
    status=${out%% *}
    location=${out#* }
    if [[ "$status" != 200 ]]; then
        app_log_tail
        die "GET $1 with the bench cookie returned $status${location:+ (Location: $location)} $2; it must answer 200 to a signed-in user"
    fi
}

check_page /bench/floor "before the benchmark"
check_page /app "before the benchmark"

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

echo "wrk -t$threads -c$connections -d$duration, $rounds rounds of floor then dashboard (app and wrk share $(nproc) cores)"
if [[ "$warmup" != 0 ]]; then
    echo "warm-up ($warmup each, not counted) ..."
    run_wrk "$warmup" /bench/floor -H "Cookie: $cookie" >/dev/null
    run_wrk "$warmup" /app -H "Cookie: $cookie" >/dev/null
fi

# Alternating floor and dashboard runs spreads slow drifts (JIT tiering, other
# load on the machine) over both series instead of biasing one.
floor=()
dash=()
for ((r = 1; r <= rounds; r++)); do
    floor+=("$(run_wrk "$duration" /bench/floor -H "Cookie: $cookie")")
    printf 'round %d  floor      %10.2f req/s\n' "$r" "${floor[-1]}"
    dash+=("$(run_wrk "$duration" /app -H "Cookie: $cookie")")
    printf 'round %d  dashboard  %10.2f req/s   ratio %.2f\n' "$r" "${dash[-1]}" \
        "$(awk -v d="${dash[-1]}" -v f="${floor[-1]}" 'BEGIN { print d / f }')"
done

check_page /app "after the benchmark"

awk -v floor="${floor[*]}" -v dash="${dash[*]}" -v goal="$goal" 'BEGIN {
    n = split(floor, f, " "); split(dash, d, " ")
    for (i = 1; i <= n; i++) { sf += f[i]; sd += d[i]; sr += d[i] / f[i] }
    ratio = sr / n
    printf "average  floor      %10.2f req/s\n", sf / n
    printf "average  dashboard  %10.2f req/s\n", sd / n
    printf "ratio dashboard/floor (average over %d rounds): %.2f   goal >= %.2f: %s\n",
        n, ratio, goal, (ratio >= goal ? "met" : "NOT met")
}'
