#!/usr/bin/env bash
# Runs every Streamline test on a fresh Debian machine: installs what is
# missing, starts a throwaway PostgreSQL and SMTP server, runs `dotnet test`
# and tears everything down again. Extra arguments go to `dotnet test`:
#
#   ./test.sh --filter "FullyQualifiedName~Billing"
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source-path=SCRIPTDIR
source scripts/test-services.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/streamline-test.XXXXXX)
# shellcheck disable=SC2317  # only called from the EXIT trap
cleanup() {
    stop_smtp
    stop_postgres
    rm -rf "$work"
}
trap cleanup EXIT
# Turn Ctrl-C / kill into a normal exit so the EXIT trap does the cleanup.
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_apt_packages chromium python3-aiosmtpd
use_chromium

if [[ -f .config/dotnet-tools.json ]]; then
    dotnet tool restore
else
    echo "no .config/dotnet-tools.json: skipping dotnet tool restore"
fi

start_postgres
start_smtp

cat <<EOF
== test services
   postgres  127.0.0.1:${_SVC_PG_PORT} (cluster ${_SVC_PG_DIR})
   smtp      127.0.0.1:${STREAMLINE_TEST_SMTP_PORT} -> ${STREAMLINE_TEST_MAILDIR}/new
   chromium  ${STREAMLINE_TEST_CHROMIUM}
EOF

# The .NET 10 SDK creates .slnx solutions by default.
solution=Streamline.sln
[[ -f $solution || ! -f Streamline.slnx ]] || solution=Streamline.slnx

rc=0
dotnet test "$solution" -c Release --logger "console;verbosity=normal" "$@" 2>&1 |
    tee "$work/dotnet-test.log" || rc=${PIPESTATUS[0]}

# One plain closing line, "N passed, N failed, N skipped", summed over the
# test projects from VSTest's per-assembly lines such as
#   Passed!  - Failed:     0, Passed:    42, Skipped:     1, Total:    43, Duration: 3 s - Streamline.Tests.dll (net10.0)
awk '
    /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
        line = $0
        sub(/.*(Passed|Failed)! +- +/, "", line)
        gsub(/[^0-9,]/, "", line)
        split(line, n, ",")
        failed += n[1]; passed += n[2]; skipped += n[3]; seen = 1
    }
    END { if (seen) printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$work/dotnet-test.log"

exit "$rc"
