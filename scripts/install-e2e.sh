#!/usr/bin/env bash
# Idempotent installer of what the real-VS Code end-to-end tests need: Debian packages, then code-server 4.100.3 in .cache/code-server/.
#
# Usage: bash scripts/install-e2e.sh        (npm run setup:e2e)
# Env:   CLAUSEMARK_CODE_SERVER_DIR  install folder (default: <repo>/.cache/code-server)
#        CLAUSEMARK_E2E_SKIP_APT=1   skip the Debian packages (they must already be there)
#
# Recipe: shared notes "vscode-e2e.md". code-server's own postinstall is skipped (--ignore-scripts) because it
# downloads ripgrep from GitHub; we copy Debian's rg in its place and redo the rest of postinstall.sh by hand.
# Every step is skipped when its result is already present; a complete install is marked by a stamp file.

set -Eeuo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CLAUSEMARK_CODE_SERVER_DIR:-$ROOT/.cache/code-server}"
STAMP="$DIR/.installed-$CODE_SERVER_VERSION"
BIN="$DIR/node_modules/.bin/code-server"
VSCODE="$DIR/node_modules/code-server/lib/vscode"

# Debian packages: chromium (the browser the runner drives), ripgrep (search inside VS Code), build tools and
# headers for the native modules of code-server's VS Code (node-pty, kerberos, native-keymap, keytar-like
# secret storage, spdlog, parcel watcher), fonts so screenshots show text.
APT_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config
  python3 make g++ git fonts-liberation fonts-dejavu-core ca-certificates)

STEP=""
t0=$(date +%s)
log() { printf "[install-e2e +%ss] %s\n" "$(( $(date +%s) - t0 ))" "$*"; }
die() { printf '[install-e2e] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; printf "[install-e2e] ERROR: step \"%s\" failed (exit %s) at line %s: %s\n" "$STEP" "$rc" "$LINENO" "$BASH_COMMAND" >&2; exit $rc' ERR

# ---------------------------------------------------------------------------------------------------------------
STEP="node"
command -v node >/dev/null || die "node is not on PATH (Node 20 is required: code-server $CODE_SERVER_VERSION's engines say node 20)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" = 20 ] || die "Node $(node -v) found; code-server $CODE_SERVER_VERSION needs Node 20 (its native modules are built for the running Node)"
log "node $(node -v), npm $(npm -v)"

# ---------------------------------------------------------------------------------------------------------------
STEP="debian packages"
if [ "${CLAUSEMARK_E2E_SKIP_APT:-0}" = 1 ]; then
  log "skipping Debian packages (CLAUSEMARK_E2E_SKIP_APT=1)"
else
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages already installed: ${APT_PACKAGES[*]}"
  else
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || die "need root (or sudo) to apt-get install: ${missing[*]}"
      SUDO=sudo
    fi
    log "apt-get update"
    $SUDO apt-get update -qq
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"
  command -v rg >/dev/null || die "rg missing after installing ripgrep"
fi
RG="$(command -v rg || true)"
[ -n "$RG" ] || die "ripgrep (rg) is not installed; run without CLAUSEMARK_E2E_SKIP_APT or apt-get install ripgrep"

# ---------------------------------------------------------------------------------------------------------------
STEP="check existing code-server"
# (Captured into variables, not piped into grep -q: with pipefail an early-exiting grep fails the pipeline.) The
# version's line, not the first: on a machine where code-server never ran, `--version` first prints that it wrote
# its default config file (~/.config/code-server/config.yaml).
installed_version() { if [ -x "$BIN" ]; then "$BIN" --version 2>/dev/null | awk '/^[0-9]+[.][0-9]+[.][0-9]+ /{ v = v == "" ? $0 : v } END { print v }' || true; fi; }
has_version() { local v; v="$(installed_version)"; [[ "$v" == "$CODE_SERVER_VERSION "* ]]; }
if [ -f "$STAMP" ] && has_version; then
  log "code-server already installed in ${DIR#$ROOT/}: $(installed_version)"
  log "done in $(( $(date +%s) - t0 )) s"
  exit 0
fi

mkdir -p "$DIR"
cd "$DIR"
# Own package.json so npm installs here and never walks up to the repository's package.json.
if [ ! -f package.json ]; then
  printf '{\n  "name": "clausemark-e2e-code-server",\n  "private": true,\n  "description": "Cache of code-server for the end-to-end tests; made by scripts/install-e2e.sh"\n}\n' > package.json
fi

STEP="npm install code-server"
if has_version || \
   { [ -f node_modules/code-server/package.json ] && [ "$(node -p 'require("./node_modules/code-server/package.json").version')" = "$CODE_SERVER_VERSION" ]; }; then
  log "code-server@$CODE_SERVER_VERSION package already present"
else
  log "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION (in ${DIR#$ROOT/})"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
fi

STEP="npm rebuild argon2"
if has_version; then
  log "code-server CLI already runs"
else
  log "npm rebuild argon2"
  npm rebuild argon2 --loglevel=error
  has_version || die "code-server --version does not print $CODE_SERVER_VERSION after rebuilding argon2: $("$BIN" --version 2>&1 | tail -n 3)"
fi

# ---------------------------------------------------------------------------------------------------------------
cd "$VSCODE"
STEP="lib/vscode dependencies"
if [ -f node_modules/.clausemark-rebuilt ]; then
  log "lib/vscode dependencies already installed and rebuilt"
else
  log "npm install --omit=dev --ignore-scripts (in lib/vscode)"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  STEP="copy Debian's rg"
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp -f "$RG" node_modules/@vscode/ripgrep/bin/rg
  log "copied $RG to lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  STEP="npm rebuild (lib/vscode native modules)"
  log "npm_config_yes=true npm rebuild (in lib/vscode; builds node-pty and the other native modules)"
  npm_config_yes=true npm rebuild --loglevel=error
  touch node_modules/.clausemark-rebuilt
fi

STEP="postinstall symlinks"
log "symlinks: node_modules.asar, bin/remote-cli/code-server, bin/helpers/browser.sh"
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)

STEP="built-in extensions' dependencies"
if [ -f extensions/node_modules/.clausemark-installed ]; then
  log "built-in extensions' dependencies already installed"
else
  log "npm install --omit=dev (in lib/vscode/extensions)"
  (cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error && mkdir -p node_modules && touch node_modules/.clausemark-installed)
fi

# ---------------------------------------------------------------------------------------------------------------
STEP="verify"
v="$(installed_version)"
[[ "$v" == "$CODE_SERVER_VERSION "* ]] || die "code-server --version printed '$v', expected $CODE_SERVER_VERSION"
[ -x "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ] || die "ripgrep missing in lib/vscode"
node -e 'require(process.argv[1])' "$VSCODE/node_modules/node-pty" 2>/dev/null || die "node-pty does not load in lib/vscode (native build failed?)"
touch "$STAMP"
log "code-server ready: $v"
log "binary: ${BIN#$ROOT/}"
log "done in $(( $(date +%s) - t0 )) s"
