#!/usr/bin/env bash
# Ensures the system packages seedctl needs are installed (Debian/Ubuntu, apt).
# Idempotent and silent when everything is present.
set -euo pipefail

# postgresql-15-hypopg: hypothetical indexes for 'seedctl explain --suggest' and its tests.
# pgbouncer: the connection-pooler tests of migrate and bench.
# zlib1g-dev: the CZlib target (bench's encoded histograms).
# prometheus: the live-metrics test scrapes 'bench --metrics-listen' with a real server, and
# checks the exposition and 'bench alert-rules' with its promtool.
packages=(libpq-dev libsqlite3-dev zlib1g-dev postgresql sqlite3 pkg-config postgresql-15-hypopg pgbouncer prometheus)

dpkg_installed() {
    command -v dpkg >/dev/null 2>&1 &&
        dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# True when the server binaries can be found the way scripts/pg-lib.sh looks for them.
have_initdb() {
    local bindir
    if command -v pg_config >/dev/null 2>&1; then
        bindir=$(pg_config --bindir 2>/dev/null || true)
        [[ -n $bindir && -x $bindir/initdb ]] && return 0
    fi
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

present() {
    dpkg_installed "$1" && return 0
    case $1 in
        libpq-dev) command -v pg_config >/dev/null 2>&1 ;;
        postgresql) have_initdb ;;
        libsqlite3-dev) [[ -f /usr/include/sqlite3.h ]] ;;
        zlib1g-dev) [[ -f /usr/include/zlib.h ]] ;;
        sqlite3) command -v sqlite3 >/dev/null 2>&1 ;;
        pkg-config) command -v pkg-config >/dev/null 2>&1 ;;
        postgresql-15-hypopg) compgen -G '/usr/share/postgresql/*/extension/hypopg.control' >/dev/null ;;
        pgbouncer) command -v pgbouncer >/dev/null 2>&1 || [[ -x /usr/sbin/pgbouncer ]] ;;
        prometheus) command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 ;;
        *) return 1 ;;
    esac
}

# The Python HdrHistogram package (module hdrh): the tests decode bench's encoded histograms
# with it, a second implementation. Installed with pip (PyPI 'hdrhistogram') when absent.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import hdrh.histogram' >/dev/null 2>&1; then
    echo "Installing the Python package hdrhistogram ..." >&2
    python3 -m pip install --quiet --disable-pip-version-check hdrhistogram </dev/null >/dev/null ||
        echo "seedctl: pip install hdrhistogram failed; the tests will try again" >&2
fi

missing=()
for pkg in "${packages[@]}"; do
    present "$pkg" || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

fail() {
    echo "seedctl: missing system packages; please install: ${missing[*]}" >&2
    exit 1
}

sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || fail
    sudo=(sudo)
fi
command -v apt-get >/dev/null 2>&1 || fail

echo "Installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null || fail
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" </dev/null >/dev/null || fail
