#!/usr/bin/env bash
# Install test of the .deb on a clean Debian bookworm root (issue 15 item 4). Needs root, debootstrap, unshare.
#  1. var/clean-root: a fresh minimal root (debootstrap --variant=minbase from the mirror in /etc/apt/sources*;
#     the downloaded packages are kept in var/clean-root-cache/bookworm-minbase.tgz, so reruns only unpack)
#  2. inside it (own PID and mount namespaces, proc and dev mounted, chroot; apt's downloads kept in var/):
#     apt-get install ./edefter_*.deb, then edefter --version, doctor, a SoftHSM token made there (CA + mali mühür
#     certificate by openssl, imported with pkcs11-tool), sign + verify of a small journal, the bridge started
#     directly (systemd cannot run in a chroot) answering /status with curl, its first-start CA in the user's NSS
#     database, the native host answering a framed message; apt remove (no bridge left running), apt purge (no manifests)
#  3. a PASS/FAIL line per check and a summary; exit code 0 only when everything passed.
# Usage: sudo bash packaging/test/install-test.sh [--deb FILE] [--keep]   (builds the .deb when --deb is not given)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
ROOT=$REPO/var/clean-root
CACHE=$REPO/var/clean-root-cache
DEB=""
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) DEB=$(realpath "$2"); shift ;;
    --keep) KEEP=1 ;;
    *) echo "install-test: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
say() { printf '\033[1m[install-test]\033[0m %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "install-test: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "install-test: debootstrap missing (bash scripts/setup.sh installs it)" >&2; exit 2; }

if [ -z "$DEB" ]; then
  bash packaging/deb/build-deb.sh
  DEB=$(ls -t "$REPO"/dist-release/edefter_*_amd64.deb | head -1)
fi
# the first Debian mirror in the one-line or deb822 (URIs:) sources
MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -v '^ *#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
TARBALL=$CACHE/bookworm-minbase.tgz
mkdir -p "$CACHE/apt-archives/partial"

T0=$(date +%s)
if [ ! -s "$TARBALL" ]; then
  say "downloading a minimal bookworm from $MIRROR into $TARBALL (once)"
  debootstrap --variant=minbase --make-tarball="$TARBALL" bookworm "$CACHE/mk" "$MIRROR" >"$CACHE/make-tarball.log" 2>&1
fi
say "fresh root in $ROOT from $TARBALL"
rm -rf "$ROOT"
debootstrap --variant=minbase --unpack-tarball="$TARBALL" bookworm "$ROOT" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
  || { tail -20 "$CACHE/debootstrap.log"; exit 1; }
echo "deb $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# no daemon starts inside the chroot (pcscd's postinst): the policy says no
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"
mkdir -p "$ROOT/tmp/it"
cp "$DEB" "$ROOT/tmp/it/"
cp "$REPO/test/fixtures/sample-yevmiye.xml" "$ROOT/tmp/it/6090408038-202610-Y-000000.src.xml"
cp "$REPO/packaging/test/inside.sh" "$ROOT/tmp/it/inside.sh"
say "root ready in $(( $(date +%s) - T0 )) s; running the checks inside"

set +e
unshare --fork --pid --mount --propagation private bash -c '
  set -e
  R=$1; A=$2
  mount -t proc proc "$R/proc"
  mount --rbind /dev "$R/dev"
  mount -t tmpfs tmpfs "$R/run"
  mount --bind "$A" "$R/var/cache/apt/archives"
  exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash /tmp/it/inside.sh
' _ "$ROOT" "$CACHE/apt-archives" 2>&1 | tee "$CACHE/install-test.log"
RC=${PIPESTATUS[0]}
set -e
say "took $(( $(date +%s) - T0 )) s; log: $CACHE/install-test.log"
[ "$KEEP" = 1 ] || rm -rf "$ROOT"
exit "$RC"
