#!/usr/bin/env bash
# What PostgreSQL alone spends to store one received channel message, with no app in the way: pgbench runs the webhook
# writer's kind of statement (one INSERT ... ON CONFLICT DO NOTHING RETURNING of BENCH_ROWS rows, prepared) on the app's
# own "ChannelInbound" table, made by the app's migrations on a throwaway PostgreSQL, from BENCH_CLIENTS connections. It
# then drops what the table has beyond its primary key and dedupe key (the foreign key, the pump's two indexes, the
# workspace index) and runs again, to show how much of the cost is the schema's. Prints rows/s and the machine's CPU time
# per row (every process: PostgreSQL, and pgbench's small share). bench/channels.sh compares its ingest with this.
#
# Tunables (environment): BENCH_CLIENTS (4), BENCH_ROWS (12, rows per statement), BENCH_DURATION (8, seconds per run).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

clients=${BENCH_CLIENTS:-4}
rows=${BENCH_ROWS:-12}
duration=${BENCH_DURATION:-8}
for var in clients rows duration; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done

tmp=$(mktemp -d /tmp/streamline-bench-insert.XXXXXX)
trap 'stop_postgres; rm -rf "$tmp"' EXIT

dotnet build Streamline.Web -c Release --nologo -v q
web_dll=$PWD/Streamline.Web/bin/Release/net10.0/Streamline.Web.dll
[[ -f "$web_dll" ]] || die "build did not produce $web_dll"

start_postgres
psql=("$_SVC_PG_BINDIR/psql" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c 'CREATE DATABASE streamline_insert'
(
    cd Streamline.Web
    Database__Provider=Postgres Streamline__DataDirectory="$tmp/data" ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl=http://127.0.0.1 \
        ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_insert" \
        dotnet "$web_dll" migrate
) >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "migrate failed"; }

workspace=00000000-0000-0000-0000-000000000001
channel=00000000-0000-0000-0000-000000000002
"${psql[@]}" -d streamline_insert <<SQL
INSERT INTO "Workspaces" ("Id", "Name", "IsHouse", "CreatedAt") VALUES ('$workspace', 'Bench', false, now());
INSERT INTO "MessagingChannels" ("Id", "WorkspaceId", "Channel", "Name", "RouteKey", "IsSandbox", "CredentialsCiphertext",
    "VerifyToken", "Connection", "ConnectedAt")
VALUES ('$channel', '$workspace', 'Messenger', 'Bench page', 'bench', false, 'none', 'none', 'Connected', now());
SQL

# A message's row as the webhook makes it: a new provider id, one of 500 senders, and its parsed payload (~300 bytes).
payload=$(printf '{"providerMessageId":"m_bench","senderId":"7100000000000001","kind":"Text","text":"Hello: do you deliver on Sundays? %0200d"}' 0)
cat >"$tmp/insert.sql" <<SQL
INSERT INTO "ChannelInbound" ("Id", "WorkspaceId", "ChannelId", "ProviderMessageId", "SenderId", "SentAt", "Sequence", "Payload", "ReceivedAt", "Attempts")
SELECT gen_random_uuid(), '$workspace', '$channel', 'm_' || gen_random_uuid(), '71000000000' || (random() * 500)::int, now(), 0, '$payload', now(), 0
FROM generate_series(1, $rows)
ON CONFLICT ("ChannelId", "ProviderMessageId") DO NOTHING
RETURNING "Id";
SQL

busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
run() { # LABEL
    local before after out tps
    before=$(busy_ticks)
    out=$("$_SVC_PG_BINDIR/pgbench" -h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres -n -M prepared -c "$clients" -j "$clients" \
        -T "$duration" -f "$tmp/insert.sql" streamline_insert 2>&1) || { echo "$out" >&2; die "pgbench failed"; }
    after=$(busy_ticks)
    tps=$(awk '/^tps/ { print $3 }' <<<"$out")
    awk -v l="$1" -v tps="$tps" -v n="$rows" -v d=$((after - before)) -v s="$duration" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "| %s | %.0f | %.1f |\n", l, tps * n, d / hz * 1e6 / (tps * n * s) }'
}

echo "$clients connections, $rows rows a statement, ${duration}s a run; everything shares $(nproc) cores"
echo
echo "| ChannelInbound as | rows/s | CPU per row, whole machine (µs) |"
echo "|---|---|---|"
run "the app's schema (primary key, dedupe key, 3 more indexes, foreign key)"
"${psql[@]}" -d streamline_insert <<'SQL'
ALTER TABLE "ChannelInbound" DROP CONSTRAINT "FK_ChannelInbound_MessagingChannels_ChannelId";
DROP INDEX "IX_ChannelInbound_WorkspaceId";
DROP INDEX "IX_ChannelInbound_Waiting";
DROP INDEX "IX_ChannelInbound_ProcessedAt_ReceivedAt_Id";
SQL
run "primary key and dedupe key only"
