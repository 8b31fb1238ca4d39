#!/usr/bin/env bash
# Shopify sync benchmark: the initial import of a store with 10,000 orders (and its customers and products) from a
# local Admin GraphQL API that keeps Shopify's leaky cost bucket at the Standard plan's restore rate, into a
# throwaway PostgreSQL cluster, by the app's own sync (bench/ShopifyBench sync runs it as the Workers process does).
#
#   floor   the points every query the sync made was charged, divided by the restore rate the shop reports in
#           extensions.cost.throttleStatus: no client can be faster than that on average (the bucket's first fill aside)
#   wall    the sync run from first page to last checkpoint
#
# Goals: wall within 1.2x of the floor, peak resident memory of the syncing process under 300 MB.
#
# Tunables (environment): BENCH_ORDERS (10000), BENCH_RESTORE_RATE (100 points/s), BENCH_BUCKET (2000 points).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

orders=${BENCH_ORDERS:-10000}
restore=${BENCH_RESTORE_RATE:-100}
bucket=${BENCH_BUCKET:-2000}
for var in orders restore bucket; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done

tmp=$(mktemp -d /tmp/streamline-bench-shopify.XXXXXX)
shop_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$shop_pid"
    stop_postgres
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dotnet build bench/ShopifyBench -c Release --nologo -v q
driver_dll=$PWD/bench/ShopifyBench/bin/Release/net10.0/ShopifyBench.dll
[[ -f "$driver_dll" ]] || die "build did not produce $driver_dll"

start_postgres
"$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -d postgres \
    -c 'CREATE DATABASE streamline_bench'
export Database__Provider=Postgres
export ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_bench"
export Streamline__DataDirectory=$tmp/data

shop_port=$(free_port)
dotnet "$driver_dll" shop --port "$shop_port" --orders "$orders" --customers $((orders / 5)) --products 200 \
    --bucket "$bucket" --restore "$restore" >"$tmp/shop.log" 2>&1 &
shop_pid=$!
for ((i = 0; i < 150; i++)); do
    grep -q 'shop ready' "$tmp/shop.log" && break
    kill -0 "$shop_pid" 2>/dev/null || { cat "$tmp/shop.log" >&2; die "the local shop exited"; }
    sleep 0.2
done
grep -q 'shop ready' "$tmp/shop.log" || die "the local shop did not start"
cat "$tmp/shop.log"

echo "syncing on $(nproc) shared cores ..."
dotnet "$driver_dll" sync --shop "http://127.0.0.1:$shop_port"
