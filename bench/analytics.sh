#!/usr/bin/env bash
# Analytics benchmark: one workspace with 100,000 conversations and 1,000,000 messages over the last 90 days,
# bulk-loaded with SQL into a throwaway PostgreSQL cluster, and Streamline.Web (Release) reading them:
#
#   page        GET /analytics?days=90 signed in (89 stored days + today counted live), p95 of sequential requests
#   aggregate   counting one day again (DailyStatsAggregation.AggregateDayAsync), the slowest of the 89 days
#   count       SELECT COUNT(*) over the workspace's 1,000,000 messages, in the same app process and database
#
# Goals: page p95 <= 300 ms, one day's aggregation <= 2 s. Both are also printed as multiples of the COUNT(*),
# which says how much work they do beyond touching the rows once, whatever the machine.
#
# Tunables (environment): BENCH_CONVERSATIONS (100000), BENCH_MESSAGES_PER_CONVERSATION (10),
# BENCH_REQUESTS (40, page requests measured after 5 not counted).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

conversations=${BENCH_CONVERSATIONS:-100000}
per_conversation=${BENCH_MESSAGES_PER_CONVERSATION:-10}
requests=${BENCH_REQUESTS:-40}
for var in conversations per_conversation requests; do
    [[ "${!var}" =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive whole number, not '${!var}'"
done

tmp=$(mktemp -d /tmp/streamline-bench-analytics.XXXXXX)
app_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$app_pid"
    stop_postgres
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages curl jq

dotnet build Streamline.Web -c Release --nologo -v q
web_dll=$PWD/Streamline.Web/bin/Release/net10.0/Streamline.Web.dll
[[ -f "$web_dll" ]] || die "build did not produce $web_dll"

start_postgres
pg_args=(-h 127.0.0.1 -p "$_SVC_PG_PORT" -U postgres)
psql_bench() { "$_SVC_PG_BINDIR/psql" "${pg_args[@]}" -q -v ON_ERROR_STOP=1 -d streamline_bench "$@"; }
"$_SVC_PG_BINDIR/psql" "${pg_args[@]}" -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE streamline_bench'

export Database__Provider=Postgres
export ConnectionStrings__Streamline="Host=127.0.0.1;Port=$_SVC_PG_PORT;Username=postgres;Password=postgres;Database=streamline_bench"
export Streamline__DataDirectory=$tmp/data

# Production (plain http on loopback, so cookies may be insecure) does not migrate on start: a deployment runs `migrate` first, and so does the bench.
(cd Streamline.Web && ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl=http://127.0.0.1 dotnet "$web_dll" migrate) >"$tmp/migrate.log" 2>&1 ||
    { cat "$tmp/migrate.log" >&2; die "migrate failed"; }

port=$(free_port)
base=http://127.0.0.1:$port
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl="$base" Bench__Enabled=true Web__AllowInsecureCookies=true \
        Logging__LogLevel__Default=Warning \
        dotnet "$web_dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

login_status=$(curl -s -X POST -c "$tmp/cookies.txt" -o /dev/null -w '%{http_code}' --max-time 30 "$base/bench/login")
[[ "$login_status" =~ ^[23] ]] || { app_log_tail; die "POST /bench/login returned $login_status"; }
workspace=$(psql_bench -At -c "SELECT \"Id\" FROM \"Workspaces\" WHERE \"Name\" = 'Bench workspace'")
[[ -n "$workspace" ]] || die "the bench login made no workspace"

echo "loading $conversations conversations and $((conversations * per_conversation)) messages into workspace $workspace ..."
load_start=$SECONDS
psql_bench -v ws="$workspace" -v n="$conversations" -v per="$per_conversation" <<'SQL'
BEGIN;
CREATE TEMP TABLE bench_campaigns AS
SELECT gen_random_uuid() AS id, 'Campaign ' || i AS name FROM generate_series(1, 4) AS i;
INSERT INTO "Campaigns" ("Id", "WorkspaceId", "Name", "Status", "PriceCents", "Currency", "Features", "Channels",
    "QualificationQuestions", "AudienceLocations", "AudienceInterests", "Objections", "CreatedByUserId", "CreatedAt", "UpdatedAt", "Version")
SELECT id, :'ws', name, 'Active', 29900, 'USD', '{}', 1, '{}', '{}', '{}', '[]', gen_random_uuid(), now() - interval '120 days', now(), 1
FROM bench_campaigns;

-- One conversation (and its contact) per i, spread over the last 90 days; 40% leave an e-mail, 10% qualify,
-- 5% are handed off; a fifth have no campaign.
CREATE TEMP TABLE bench_conversations AS
SELECT gen_random_uuid() AS id, gen_random_uuid() AS contact_id,
       date_trunc('second', now() - random() * interval '90 days') AS created_at,
       (SELECT id FROM bench_campaigns ORDER BY id OFFSET (i % 5) LIMIT 1) AS campaign_id,
       (ARRAY['Widget', 'Widget', 'Widget', 'WhatsApp', 'Telegram'])[1 + i % 5] AS channel,
       i % 5 < 2 AS lead, i % 10 = 0 AS qualified, i % 20 = 7 AS handoff
FROM generate_series(1, :n) AS i;

INSERT INTO "Contacts" ("Id", "WorkspaceId", "Email", "PainPoints", "CreatedAt", "UpdatedAt")
SELECT contact_id, :'ws', CASE WHEN lead THEN 'lead-' || id || '@bench.test' END, '{}', created_at, created_at FROM bench_conversations;

INSERT INTO "Conversations" ("Id", "WorkspaceId", "Channel", "Status", "CampaignId", "ContactId", "HandoffReason", "LeadScore",
    "LeadScoreReasons", "Sentiment", "AiCostMillicredits", "MessageCount", "QualifiedAt", "CreatedAt", "LastMessageAt", "Version")
SELECT id, :'ws', channel, 'Active', campaign_id, contact_id, CASE WHEN handoff THEN 'VisitorAsked' END, 0, '{}', 'Neutral',
       0, :per, CASE WHEN qualified THEN created_at END, created_at, created_at + :per * interval '20 seconds', :per
FROM bench_conversations;

-- The visitor writes the odd messages, the AI answers each 20 s later at 1.2 credits.
INSERT INTO "ChatMessages" ("Id", "WorkspaceId", "ConversationId", "Sequence", "Sender", "Text", "ReplyState", "ReplyAttempts",
    "Model", "InputTokens", "OutputTokens", "CostMillicredits", "CreatedAt", "Attachments")
SELECT gen_random_uuid(), :'ws', c.id, s, CASE WHEN s % 2 = 1 THEN 'Visitor' ELSE 'Ai' END,
       CASE WHEN s % 2 = 1 THEN 'Do you build online shops?' ELSE 'We do: a five-page shop with payments.' END,
       CASE WHEN s % 2 = 1 THEN 'Answered' ELSE 'None' END, 0,
       CASE WHEN s % 2 = 0 THEN 'offline' END, 0, 0, CASE WHEN s % 2 = 0 THEN 1200 ELSE 0 END,
       c.created_at + s * interval '20 seconds', '[]'
FROM bench_conversations c CROSS JOIN generate_series(1, :per) AS s;

-- A proposal for every tenth lead, half of them accepted.
INSERT INTO "Proposals" ("Id", "WorkspaceId", "ConversationId", "ContactId", "PublicToken", "Title", "Markdown", "Items", "TotalCents",
    "Currency", "Status", "CreatedAt", "AcceptedAt")
SELECT gen_random_uuid(), :'ws', id, contact_id, replace(gen_random_uuid()::text, '-', ''), 'Proposal', '# Proposal', '[]', 29900, 'USD',
       CASE WHEN n % 2 = 0 THEN 'Accepted' ELSE 'Sent' END, created_at + interval '5 minutes',
       CASE WHEN n % 2 = 0 THEN created_at + interval '1 hour' END
FROM (SELECT *, row_number() OVER () AS n FROM bench_conversations WHERE lead) AS leads WHERE n % 10 = 0;
COMMIT;
ANALYZE;
SQL
echo "loaded in $((SECONDS - load_start)) s"

today=$(date -u +%F)
first=$(date -u -d "$today - 89 days" +%F)
yesterday=$(date -u -d "$today - 1 day" +%F)

echo "aggregating $first to $yesterday ..."
aggregated=$(curl -sf -X POST --max-time 1200 "$base/bench/analytics/aggregate?from=$first&to=$yesterday") || { app_log_tail; die "the aggregation failed"; }
echo "  $(jq -r '"\(.days) days in \(.totalMs | floor) ms, the slowest \(.slowestMs | floor) ms"' <<<"$aggregated")"

# One day again, three times (re-running a stored day is the nightly job's everyday work): the slowest counts.
aggregate_ms=0
for _ in 1 2 3; do
    ms=$(curl -sf -X POST --max-time 600 "$base/bench/analytics/aggregate?from=$yesterday&to=$yesterday" | jq -r '.slowestMs')
    aggregate_ms=$(awk -v a="$aggregate_ms" -v b="$ms" 'BEGIN { print (b > a ? b : a) }')
done

# The median of seven COUNT(*)s, after one not counted.
curl -sf --max-time 120 "$base/bench/analytics/count?workspace=$workspace" >/dev/null
counts=()
for _ in 1 2 3 4 5 6 7; do
    counts+=("$(curl -sf --max-time 120 "$base/bench/analytics/count?workspace=$workspace" | jq -r '.ms')")
done
count_ms=$(printf '%s\n' "${counts[@]}" | sort -g | sed -n 4p)
messages=$(curl -sf --max-time 120 "$base/bench/analytics/count?workspace=$workspace" | jq -r '.messages')

cookie=$(awk -F '\t' '{ sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$tmp/cookies.txt")
page_status=$(curl -s -o "$tmp/page.html" -w '%{http_code}' --max-time 60 -H "Cookie: $cookie" "$base/analytics?days=90")
[[ "$page_status" == 200 ]] || { grep -m1 -A12 "Exception" "$tmp/app.log" >&2; die "GET /analytics?days=90 returned $page_status"; }
shown=$(grep -o 'data-figure="conversations">[^<]*<' "$tmp/page.html" | sed 's/.*>\([^<]*\)</\1/')
[[ -n "$shown" ]] || die "the analytics page shows no conversation count"

for _ in 1 2 3 4 5; do curl -s -o /dev/null --max-time 60 -H "Cookie: $cookie" "$base/analytics?days=90"; done
: >"$tmp/times"
for ((i = 0; i < requests; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 60 -H "Cookie: $cookie" "$base/analytics?days=90" >>"$tmp/times"
done
p95_index=$(((requests * 95 + 99) / 100))
page_ms=$(sort -g "$tmp/times" | sed -n "${p95_index}p" | awk '{ printf "%.1f", $1 * 1000 }')
median_ms=$(sort -g "$tmp/times" | sed -n "$(((requests + 1) / 2))p" | awk '{ printf "%.1f", $1 * 1000 }')

echo
echo "$messages messages in the workspace, $shown conversations in the 90 days shown; $(nproc) cores shared by the app, PostgreSQL and curl"
printf '%-44s %10s %10s %12s\n' "measure" "ms" "goal" "x COUNT(*)"
printf '%-44s %10.1f %10s %12s\n' "COUNT(*) over the workspace's messages" "$count_ms" "" "1.0"
printf '%-44s %10.1f %10s %12s\n' "/analytics?days=90, median" "$median_ms" "" "$(awk -v a="$median_ms" -v b="$count_ms" 'BEGIN { printf "%.1f", a / b }')"
printf '%-44s %10.1f %10s %12s\n' "/analytics?days=90, p95 of $requests" "$page_ms" "300" "$(awk -v a="$page_ms" -v b="$count_ms" 'BEGIN { printf "%.1f", a / b }')"
printf '%-44s %10.1f %10s %12s\n' "aggregating one day ($yesterday), slowest of 3" "$aggregate_ms" "2000" "$(awk -v a="$aggregate_ms" -v b="$count_ms" 'BEGIN { printf "%.1f", a / b }')"

awk -v p="$page_ms" -v a="$aggregate_ms" 'BEGIN { exit !(p <= 300 && a <= 2000) }' || die "a goal was missed"
