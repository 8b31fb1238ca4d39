#!/usr/bin/env bash
# Runs every Streamline test on a fresh Debian machine: installs what is
# missing, starts a throwaway PostgreSQL and SMTP server, runs `dotnet test`
# and tears everything down again. Extra arguments go to `dotnet test`:
#
#   ./test.sh --filter "FullyQualifiedName~Billing"
#   ./test.sh --filter "Category!=Browser&Category!=ScaleOut"   # the quick ones
#
# It ends with one line "tests: N passed, N failed, N skipped" read from the
# TRX results, and exits with the exit code of `dotnet test`.
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

# The TRX files hold each test's outcome and duration. They go away with the
# rest of $work unless STREAMLINE_TEST_RESULTS names a directory to keep them
# in (one subdirectory per run).
results=$work/results
[[ -z ${STREAMLINE_TEST_RESULTS:-} ]] || results=$STREAMLINE_TEST_RESULTS/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

# Minimal console verbosity: a passing test prints nothing, a failing one its
# message and stack trace, each assembly one summary line.
# STREAMLINE_TEST_VERBOSITY=normal lists every test and shows the app's log.
rc=0
dotnet test "$solution" -c Release \
    --logger "console;verbosity=${STREAMLINE_TEST_VERBOSITY:-minimal}" \
    --logger "trx;LogFilePrefix=streamline" \
    --results-directory "$results" "$@" || rc=$?

# One plain closing line from the TRX counters, summed over the test
# assemblies. A test that errored, timed out or was aborted counts as failed;
# a skipped test is in total but not in executed (VSTest leaves its
# notExecuted counter at 0).
if "$STREAMLINE_SYSTEM_PYTHON" - "$results" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
files = glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)
for path in files:
    counters = ET.parse(path).getroot().find(f"{ns}ResultSummary/{ns}Counters")
    if counters is None:
        continue
    n = lambda name: int(counters.get(name, "0"))
    passed += n("passed")
    failed += n("failed") + n("error") + n("timeout") + n("aborted")
    skipped += n("total") - n("executed")
if files:
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
else:
    print("tests: no result file was written (the build or the test host failed)")
PY
then :; else echo "tests: the result files in $results could not be read"; fi

exit "$rc"
