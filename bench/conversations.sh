#!/usr/bin/env bash
# Sales-conversation evaluation: the scripted visitors of bench/conversations/*.json talk to Streamline.Web (Release,
# on a throwaway SQLite database) through the widget's own endpoints (/chat/{key}/start, /messages, the reply
# stream), and the stored contacts, handoffs and replies are scored:
#
#   contact recall / precision   expected contact fields (and needs) stored, and stored fields that were said
#   handoff recall / false       a handoff where the visitor asked for a person, and none where they did not
#   invented prices              money or percentages in a reply that are not in the business's data or the visitor's words
#   fit                          an acceptable product named, in conversations that ask for one
#   silent turns                 visitor messages left without a reply
#
# The embedded offline engine answers by default. With AI__Endpoint and AI__Model set (and AI__ApiKey if the
# endpoint needs one), the app uses that OpenAI-compatible endpoint instead and the same table is printed.
# BENCH_MISSES=yes also lists every miss, conversation by conversation.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/test-services.sh
# shellcheck source-path=SCRIPTDIR
source bench/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tmp=$(mktemp -d /tmp/streamline-bench-conversations.XXXXXX)
app_pid=
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_process "$app_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages curl

build_app_and_driver ConversationsBench

# The app and the driver share one SQLite file: the driver writes the businesses and reads what the chat stored.
export Database__Provider=Sqlite
export Streamline__DataDirectory=$tmp/data
unset ConnectionStrings__Streamline

if [[ -n "${AI__Endpoint:-}" && -n "${AI__Model:-}" ]]; then
    engine="$AI__Model at $AI__Endpoint"
else
    unset AI__Endpoint AI__Model AI__ApiKey
    engine=offline
fi

port=$(free_port)
base=http://127.0.0.1:$port
# Every scripted visitor comes from 127.0.0.1: the chat's per-address limits would turn them away.
(
    cd Streamline.Web
    exec env \
        ASPNETCORE_ENVIRONMENT=Production Web__PublicUrl="$base" \
        RateLimits__ChatVisitorPermitLimit=2000000000 \
        RateLimits__ChatAddressPermitLimit=2000000000 \
        RateLimits__ChatStartPermitLimit=2000000000 \
        Logging__LogLevel__Default=Warning \
        dotnet "$web_dll" --urls "$base"
) >"$tmp/app.log" 2>&1 &
app_pid=$!

wait_for_ready "$base" "$app_pid"

if ! dotnet "$driver_dll" run --app "$base" --set "$PWD/bench/conversations" --engine "$engine" --misses "${BENCH_MISSES:-no}"; then
    app_log_tail
    die "the evaluation failed"
fi
