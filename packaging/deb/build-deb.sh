#!/usr/bin/env bash
# Builds dist-release/edefter_<version>_amd64.deb with dpkg-deb (no debhelper), issue 15 item 2.
# Input: the single executable dist-release/edefter (packaging/sea/build.mjs; built here when missing or with --rebuild).
# Optional: the extension release builds and policy snippets (another build; shipped under /usr/share/edefter/
# when present): --extension DIR (default dist-release/extension), --policies DIR (default dist-release/policies).
# What goes where, first-run trust and remove/purge: docs/packaging.md ("The Debian package").
# Deterministic for the same inputs: files owned by root, mtimes clamped to SOURCE_DATE_EPOCH (default: last commit time).
# Usage: bash packaging/deb/build-deb.sh [--rebuild] [--extension DIR] [--policies DIR] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/packaging/deb
BIN=$ROOT/dist-release/edefter
EXT_DIR=$ROOT/dist-release/extension
POLICY_DIR=$ROOT/dist-release/policies
OUT=""
REBUILD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) REBUILD=1 ;;
    --extension) EXT_DIR=$(realpath -m "$2"); shift ;;
    --policies) POLICY_DIR=$(realpath -m "$2"); shift ;;
    --out) OUT=$(realpath -m "$2"); shift ;;
    *) echo "build-deb: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
say() { printf '[deb] %s\n' "$*"; }

if [ "$REBUILD" = 1 ] || [ ! -x "$BIN" ]; then node packaging/sea/build.mjs --quiet; fi
VERSION=$("$BIN" --version)
ARCH=amd64
OUT=${OUT:-$ROOT/dist-release/edefter_${VERSION}_${ARCH}.deb}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

PKG=$(mktemp -d "$ROOT/dist-release/.deb-XXXXXX")
trap 'rm -rf "$PKG"' EXIT
install -d -m 0755 "$PKG/DEBIAN" "$PKG/usr/bin" "$PKG/usr/lib/edefter" "$PKG/usr/lib/systemd/user" "$PKG/usr/share/doc/edefter" \
  "$PKG/etc/chromium/native-messaging-hosts" "$PKG/etc/opt/chrome/native-messaging-hosts" "$PKG/usr/lib/mozilla/native-messaging-hosts"

# the binary, and the host wrapper the browsers start (they cannot pass the `native-host` subcommand)
install -m 0755 "$BIN" "$PKG/usr/bin/edefter"
install -m 0755 "$HERE/edefter-native-host" "$PKG/usr/lib/edefter/edefter-native-host"

# host manifests, written by the product itself (same name, ids and texts as `edefter native-host install`); it wants an
# existing executable, so the checkout's copy of the wrapper is named, then replaced by the installed path
MANI_HOME=$(mktemp -d)
HOME=$MANI_HOME EDEFTER_CACHE_DIR=$MANI_HOME/cache "$BIN" native-host install --exe "$HERE/edefter-native-host" \
  --chromium-dir "$PKG/etc/chromium/native-messaging-hosts" --chrome-dir "$PKG/etc/opt/chrome/native-messaging-hosts" \
  --firefox-dir "$PKG/usr/lib/mozilla/native-messaging-hosts" >/dev/null
sed -i "s|\"path\": \"$HERE/edefter-native-host\"|\"path\": \"/usr/lib/edefter/edefter-native-host\"|" \
  "$PKG"/etc/chromium/native-messaging-hosts/*.json "$PKG"/etc/opt/chrome/native-messaging-hosts/*.json \
  "$PKG"/usr/lib/mozilla/native-messaging-hosts/*.json
rm -rf "$MANI_HOME"
chmod 0644 "$PKG"/etc/chromium/native-messaging-hosts/*.json "$PKG"/etc/opt/chrome/native-messaging-hosts/*.json \
  "$PKG"/usr/lib/mozilla/native-messaging-hosts/*.json
grep -q '"/usr/lib/edefter/edefter-native-host"' "$PKG"/etc/chromium/native-messaging-hosts/*.json

# systemd user unit (enabled for every user by postinst: systemctl --global enable)
install -m 0644 "$HERE/edefter-bridge.service" "$PKG/usr/lib/systemd/user/edefter-bridge.service"

# extension release builds and policy snippets, when that build exists
if [ -d "$EXT_DIR" ] && [ -n "$(ls -A "$EXT_DIR" 2>/dev/null)" ]; then
  install -d -m 0755 "$PKG/usr/share/edefter/extension"
  cp -r "$EXT_DIR"/. "$PKG/usr/share/edefter/extension/"
  say "extension builds from $EXT_DIR"
else
  say "no extension release build in $EXT_DIR (not shipped)"
fi
if [ -d "$POLICY_DIR" ] && [ -n "$(ls -A "$POLICY_DIR" 2>/dev/null)" ]; then
  install -d -m 0755 "$PKG/usr/share/edefter/policies"
  cp -r "$POLICY_DIR"/. "$PKG/usr/share/edefter/policies/"
  say "policy snippets from $POLICY_DIR"
else
  say "no policy snippets in $POLICY_DIR (not shipped)"
fi

# docs: copyright (the bundle's third-party notices), changelog
{
  echo "edefter-bridge ${VERSION}"
  echo
  echo "Third-party licences of the bundled JavaScript (esbuild legal comments) and native addons follow."
  echo
  cat "$ROOT/dist-release/.sea/app/edefter.cjs.LEGAL.txt" 2>/dev/null || true
} > "$PKG/usr/share/doc/edefter/copyright"
printf 'edefter (%s) bookworm; urgency=medium\n\n  * Release %s.\n\n -- edefter-bridge <edefter@localhost>  %s\n' \
  "$VERSION" "$VERSION" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n > "$PKG/usr/share/doc/edefter/changelog.Debian.gz"
chmod 0644 "$PKG/usr/share/doc/edefter/"*

# control files
for s in postinst prerm postrm; do install -m 0755 "$HERE/$s" "$PKG/DEBIAN/$s"; done
( cd "$PKG" && find etc -type f | sed 's|^|/|' | sort ) > "$PKG/DEBIAN/conffiles"
SIZE=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" "$HERE/control.in" > "$PKG/DEBIAN/control"
( cd "$PKG" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum ) > "$PKG/DEBIAN/md5sums"
chmod 0644 "$PKG/DEBIAN/control" "$PKG/DEBIAN/conffiles" "$PKG/DEBIAN/md5sums"
find "$PKG" -type d -exec chmod 0755 {} +
find "$PKG" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$(dirname "$OUT")"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$PKG" "$OUT" >/dev/null
say "$OUT ($(du -h "$OUT" | cut -f1))"
