#!/usr/bin/env bash
# Installs the headless editors that test/editors/run.mjs drives against the language
# server: Neovim (0.7 on Debian 12) and Emacs with eglot (emacs-nox 28 + elpa-eglot,
# since eglot is built in only from Emacs 29). Safe to run again: when all three
# packages are installed already, nothing is done (not even apt-get update).
# Route and pitfalls: shared/recipes/lsp-clients.md.
set -euo pipefail

say() { printf '[editors-install] %s\n' "$*"; }

packages=(emacs-nox elpa-eglot neovim)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "emacs-nox, elpa-eglot and neovim already installed"
  exit 0
fi

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
say "apt-get install ${missing[*]}"
# The lock timeout lets this wait for another apt run (e.g. the VS Code host installer
# in a parallel CI step) instead of failing on the dpkg lock.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends emacs-nox elpa-eglot neovim
say "installed: $(nvim --version | head -1); $(emacs --version | head -1)"
