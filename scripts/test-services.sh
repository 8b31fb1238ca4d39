# shellcheck shell=bash
#
# Throwaway services for Streamline's tests and benchmarks. Source this file;
# it defines functions only and changes no shell options.
#
#   ensure_apt_packages PKG...  install the Debian packages that are missing
#   free_port                   print a free TCP port on 127.0.0.1
#   start_postgres / stop_postgres
#       temporary PostgreSQL cluster; exports STREAMLINE_TEST_POSTGRES
#   start_smtp / stop_smtp
#       aiosmtpd writing every mail into a Maildir; exports
#       STREAMLINE_TEST_SMTP_HOST, STREAMLINE_TEST_SMTP_PORT, STREAMLINE_TEST_MAILDIR
#   use_chromium                exports STREAMLINE_TEST_CHROMIUM
#
# The stop_* functions are idempotent and safe to call when nothing was
# started, so one EXIT trap can call all of them.

# Debian's interpreter: the first python3 on PATH may be a pyenv build that
# cannot import Debian's python3-* packages (aiosmtpd).
STREAMLINE_SYSTEM_PYTHON=${STREAMLINE_SYSTEM_PYTHON:-/usr/bin/python3}

_svc_log() { printf '[services] %s\n' "$*" >&2; }

# Microseconds since the epoch (bash 5's EPOCHREALTIME without the dot).
_svc_now_us() { local t=$EPOCHREALTIME; echo "${t/[.,]/}"; }

_svc_elapsed() { # START_US -> "1.23s"
    local us=$(($(_svc_now_us) - $1))
    printf '%d.%02ds' $((us / 1000000)) $((us % 1000000 / 10000))
}

# Runs a command as root: directly when we are root, through sudo otherwise.
_svc_as_root() {
    if ((EUID == 0)); then "$@"; else sudo "$@"; fi
}

ensure_apt_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        # Stricter than `dpkg -s`, which also succeeds for a package that was
        # removed but left its configuration files behind.
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} > 0)) || return 0

    local log start
    log=$(mktemp /tmp/streamline-apt.XXXXXX.log)
    start=$(_svc_now_us)
    _svc_log "installing missing apt packages: ${missing[*]}"
    # Once per shell: a second call (e.g. for wrk) does not fetch the lists again.
    if [[ -z "${_SVC_APT_UPDATED:-}" ]]; then
        if ! _svc_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get -qq -o DPkg::Lock::Timeout=300 update >"$log" 2>&1; then
            cat "$log" >&2
            _svc_log "apt-get update failed"
            rm -f "$log"
            return 1
        fi
        _SVC_APT_UPDATED=1
    fi
    # The output of a chromium install is hundreds of lines: keep it out of
    # the test log unless something went wrong.
    if ! _svc_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -y -q -o DPkg::Lock::Timeout=300 install "${missing[@]}" >>"$log" 2>&1; then
        cat "$log" >&2
        _svc_log "apt-get install ${missing[*]} failed"
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    _svc_log "installed ${missing[*]} in $(_svc_elapsed "$start")"
}

free_port() {
    "$STREAMLINE_SYSTEM_PYTHON" -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Waits until something accepts TCP connections on 127.0.0.1:PORT.
# Fails early if PID (when given) dies first.
_svc_wait_for_port() { # PORT TIMEOUT_SECONDS [PID]
    local port=$1 deadline=$((SECONDS + $2)) pid=${3:-}
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.1
    done
}

# ---------------------------------------------------------------- PostgreSQL

# Directory holding initdb/pg_ctl: PG_BINDIR if set, else the newest
# /usr/lib/postgresql/*/bin, else whatever is on PATH.
_pg_bindir() {
    if [[ -n "${PG_BINDIR:-}" ]]; then
        echo "$PG_BINDIR"
        return
    fi
    local initdb
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    if [[ ! -x "$initdb" ]]; then
        initdb=$(command -v initdb 2>/dev/null) || return 1
        initdb=$(readlink -f "$initdb")
    fi
    dirname "$initdb"
}

# initdb refuses to run as root. The subshell cds into the cluster's folder
# because the postgres user may not be allowed into the caller's cwd.
_pg_run() { # DIR COMMAND...
    local dir=$1
    shift
    if ((EUID == 0)); then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

start_postgres() {
    if [[ -n "${_SVC_PG_DIR:-}" ]]; then
        _svc_log "postgres already running on port $_SVC_PG_PORT"
        return 0
    fi

    local bindir
    if ! bindir=$(_pg_bindir); then
        ensure_apt_packages postgresql
        bindir=$(_pg_bindir) || { _svc_log "no PostgreSQL server binaries found"; return 1; }
    fi

    local start port dir
    start=$(_svc_now_us)
    port=$(free_port)
    dir=$(mktemp -d /tmp/streamline-pg.XXXXXX)
    # Set before anything can fail, so stop_postgres cleans up a half-made cluster.
    _SVC_PG_DIR=$dir
    _SVC_PG_PORT=$port
    _SVC_PG_BINDIR=$bindir
    ((EUID != 0)) || chown postgres:postgres "$dir"

    # The cluster lives in DIR/data; DIR itself holds the server log and the
    # Unix socket (kept out of /var/run/postgresql, which may not exist).
    if ! _pg_run "$dir" "$bindir/initdb" -D "$dir/data" -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        _svc_log "initdb failed"
        stop_postgres
        return 1
    fi

    # Durability is pointless for a cluster deleted after the run.
    local opts="-p $port -k $dir -c listen_addresses=127.0.0.1"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=300"
    if ! _pg_run "$dir" "$bindir/pg_ctl" -D "$dir/data" -o "$opts" \
        -l "$dir/postgres.log" -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" >&2
        tail -n 50 "$dir/postgres.log" >&2 2>/dev/null || true
        _svc_log "postgres failed to start"
        stop_postgres
        return 1
    fi

    # Trust authentication: the password is ignored but keeps Npgsql happy.
    export STREAMLINE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Pooling=true;Maximum Pool Size=50"
    _svc_log "postgres started on 127.0.0.1:$port in $(_svc_elapsed "$start") (dir $dir)"
}

stop_postgres() {
    [[ -n "${_SVC_PG_DIR:-}" ]] || return 0
    local dir=$_SVC_PG_DIR
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        _pg_run "$dir" "$_SVC_PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            _pg_run "$dir" "$_SVC_PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
            _svc_log "warning: could not stop postgres in $dir"
    fi
    rm -rf "$dir"
    unset _SVC_PG_DIR _SVC_PG_PORT _SVC_PG_BINDIR STREAMLINE_TEST_POSTGRES
    _svc_log "postgres stopped"
}

# ---------------------------------------------------------------------- SMTP

start_smtp() {
    if [[ -n "${_SVC_SMTP_DIR:-}" ]]; then
        _svc_log "smtp already running on port $_SVC_SMTP_PORT"
        return 0
    fi
    if ! "$STREAMLINE_SYSTEM_PYTHON" -c 'import aiosmtpd' 2>/dev/null; then
        ensure_apt_packages python3-aiosmtpd
    fi

    local start port dir
    start=$(_svc_now_us)
    port=$(free_port)
    dir=$(mktemp -d /tmp/streamline-smtp.XXXXXX)
    _SVC_SMTP_DIR=$dir
    _SVC_SMTP_PORT=$port
    # aiosmtpd's Mailbox handler treats its folder as a Maildir: each mail
    # becomes one file in maildir/new/.
    mkdir -p "$dir/maildir/new" "$dir/maildir/cur" "$dir/maildir/tmp"

    # -n: we may be root, and aiosmtpd would otherwise setuid to nobody.
    "$STREAMLINE_SYSTEM_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$port" \
        -c aiosmtpd.handlers.Mailbox "$dir/maildir" >"$dir/smtp.log" 2>&1 &
    _SVC_SMTP_PID=$!

    if ! _svc_wait_for_port "$port" 15 "$_SVC_SMTP_PID"; then
        cat "$dir/smtp.log" >&2
        _svc_log "smtp server did not accept connections on 127.0.0.1:$port within 15s"
        stop_smtp
        return 1
    fi

    export STREAMLINE_TEST_SMTP_HOST=127.0.0.1
    export STREAMLINE_TEST_SMTP_PORT=$port
    export STREAMLINE_TEST_MAILDIR=$dir/maildir
    _svc_log "smtp started on 127.0.0.1:$port in $(_svc_elapsed "$start") (maildir $dir/maildir)"
}

stop_smtp() {
    [[ -n "${_SVC_SMTP_DIR:-}" ]] || return 0
    local pid=${_SVC_SMTP_PID:-} i
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$_SVC_SMTP_DIR"
    unset _SVC_SMTP_DIR _SVC_SMTP_PORT _SVC_SMTP_PID \
        STREAMLINE_TEST_SMTP_HOST STREAMLINE_TEST_SMTP_PORT STREAMLINE_TEST_MAILDIR
    _svc_log "smtp stopped"
}

# ------------------------------------------------------------------ Chromium

use_chromium() {
    ensure_apt_packages chromium
    local bin=/usr/bin/chromium
    if [[ ! -x "$bin" ]]; then
        _svc_log "chromium is installed but $bin is missing"
        return 1
    fi
    export STREAMLINE_TEST_CHROMIUM=$bin
}
