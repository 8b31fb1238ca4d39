# shellcheck shell=bash
# Helpers shared by the bench/*.sh scripts; sourced after scripts/test-services.sh.
# The caller sets $tmp (its scratch folder, holding app.log) before using app_log_tail or wait_for_ready.

die() {
    echo "bench: $*" >&2
    exit 1
}

# Builds the web app and a bench driver in Release; sets web_dll and driver_dll.
build_app_and_driver() { # DRIVER (a folder under bench/)
    dotnet build Streamline.Web -c Release --nologo -v q
    dotnet build "bench/$1" -c Release --nologo -v q
    web_dll=$PWD/Streamline.Web/bin/Release/net10.0/Streamline.Web.dll
    driver_dll=$PWD/bench/$1/bin/Release/net10.0/$1.dll
    [[ -f "$web_dll" ]] || die "build did not produce $web_dll"
    [[ -f "$driver_dll" ]] || die "build did not produce $driver_dll"
}

stop_process() { # PID
    [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 0
    kill -TERM "$1" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# shellcheck disable=SC2154  # $tmp belongs to the sourcing script
app_log_tail() {
    echo "---- last lines of the app log ----" >&2
    tail -n 40 "$tmp/app.log" >&2 || true
}

wait_for_ready() { # BASE_URL APP_PID
    echo "waiting for $1/health/ready ..."
    local deadline=$((SECONDS + 120))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1/health/ready")" == 200 ]]; do
        if ! kill -0 "$2" 2>/dev/null; then
            app_log_tail
            die "the app exited before /health/ready returned 200"
        fi
        if ((SECONDS >= deadline)); then
            app_log_tail
            die "/health/ready did not return 200 within 120s"
        fi
        sleep 0.5
    done
}
