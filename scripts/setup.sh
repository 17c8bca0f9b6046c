#!/usr/bin/env bash
# One-time (idempotent) setup for a fresh Debian machine that has only Node.
# Installs the system packages, pnpm and the dependencies, builds the test PKCS#11
# PIN-pad proxy, and creates the demo mali mühür token under var/ if it is missing.
# Re-running it costs a few seconds when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. System packages (Debian). Only the missing ones are installed.
APT_PKGS=(softhsm2 opensc xmlsec1 libxml2-utils libnss3-tools libp11-kit-dev gcc make g++ python3 sqlite3 chromium openssl ca-certificates)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. pnpm (corepack fails against this registry: install it with npm).
if ! command -v pnpm >/dev/null 2>&1; then
  say "npm i -g pnpm"
  npm i -g pnpm@12 >/dev/null 2>&1 || npm i -g pnpm >/dev/null
fi

# 3. Dependencies. Native addons (pkcs11js, better-sqlite3) build offline against /usr/include/node.
export npm_config_nodedir=/usr
stamp=node_modules/.edefter-install-stamp
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] || [ package.json -nt "$stamp" ] \
   || [ -n "$(find packages -maxdepth 2 -name package.json -newer "$stamp" 2>/dev/null)" ]; then
  say "pnpm install"
  if [ "${CI:-}" = "true" ]; then pnpm install --frozen-lockfile --reporter=append-only >/dev/null; else pnpm install --reporter=append-only >/dev/null; fi
  touch "$stamp"
fi

# 4. Test PKCS#11 proxy that simulates a PIN-pad reader over SoftHSM.
node scripts/run.mjs node test/pinpad/build.mjs

# 5. Demo PKI + mali mühür token (keys generated inside SoftHSM2).
node scripts/run.mjs tsx certs/demo-token.ts ensure

# 6. Browser extension (packages/extension/dist/{chrome,firefox}) and the page library bundle
#    (packages/protocol/dist/edefter-page.js): rebuilt only when their sources are newer.
ext=packages/extension; stampx="$ext/dist/chrome/manifest.json"
if [ ! -f "$stampx" ] || [ ! -f "$ext/dist/firefox/manifest.json" ] || [ -n "$(find "$ext/src" "$ext/public" "$ext/manifest.config.ts" "$ext/vite.config.ts" "$ext/package.json" packages/protocol/src -type f -newer "$stampx" 2>/dev/null | head -1)" ]; then
  say "extension build"
  if ! out=$(pnpm --filter @edefter/extension build 2>&1); then printf '%s\n' "$out"; exit 1; fi
fi
pagelib=packages/protocol/dist/edefter-page.js
if [ ! -f "$pagelib" ] || [ -n "$(find packages/protocol/src packages/protocol/vite.page.config.ts -type f -newer "$pagelib" 2>/dev/null | head -1)" ]; then
  say "page library build"
  if ! out=$(pnpm --filter @edefter/protocol build 2>&1); then printf '%s\n' "$out"; exit 1; fi
fi
