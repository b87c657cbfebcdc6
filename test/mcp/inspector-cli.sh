#!/usr/bin/env bash
# Drives the official MCP Inspector CLI against a RUNNING server, in both protocol eras, and
# fails on the first surprise. Start the server first (npm start, or npm run build && npm run start:prod).
#
#   test/mcp/inspector-cli.sh                       # http://127.0.0.1:3000/mcp, token minted from .env
#   MCP_URL=https://host/mcp TOKEN=eyJ... test/mcp/inspector-cli.sh
#
# TOKEN defaults to a sandbox token minted with `npm run token` (MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX
# in the environment or .env must be the server's). The Inspector comes from the npm registry through
# npx (pinned, ~110 MB, not a project dependency). Version 2.12 declares node >=22.19 but runs on
# Node 20.19+ (npm prints an EBADENGINE warning); if it cannot start here, the script says so and exits 2.
set -uo pipefail

INSPECTOR="@modelcontextprotocol/inspector@${INSPECTOR_VERSION:-2.12.0}"
MCP_URL="${MCP_URL:-http://127.0.0.1:3000/mcp}"
cd "$(dirname "$0")/../.." || exit 2

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok   $*"; }

# Reads a JSON document on stdin and prints the value of a JS expression over it (`r` = the document).
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);const v=('"$1"');process.stdout.write(typeof v==="string"?v:JSON.stringify(v))})'; }

if ! node -e 'fetch(new URL("/health", process.argv[1])).then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))' "$MCP_URL"; then
  echo "No server answers at $MCP_URL. Start it first (npm start) or set MCP_URL." >&2
  exit 2
fi

if [ -z "${TOKEN:-}" ]; then
  TOKEN="$(npm run --silent token -- --tenant inspector-cli --provider sandbox)" ||
    { echo "Could not mint a token: set TOKEN, or MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX (the server's) in .env." >&2; exit 2; }
fi

if ! version="$(npx -y "$INSPECTOR" --cli --version 2>/dev/null)"; then
  echo "The MCP Inspector CLI ($INSPECTOR) does not start on node $(node -v) here (no registry access, or an engine it" >&2
  echo "cannot run on). The e2e suite (npx jest --config jest.config.cjs test/mcp) covers the same calls with the SDK client." >&2
  exit 2
fi
echo "MCP Inspector CLI $version against $MCP_URL (node $(node -v))"

# inspector <era> <args...>: one Inspector CLI call with the token; JSON on stdout, exit code kept.
inspector() {
  local era="$1"; shift
  npx -y "$INSPECTOR" --cli --server-url "$MCP_URL" --transport http --protocol-era "$era" \
    --header "Authorization: Bearer $TOKEN" --stored-auth-only --format json "$@" 2>/tmp/mcp-inspector-stderr.$$
}
trap 'rm -f /tmp/mcp-inspector-stderr.$$' EXIT

EXPECTED='create_charge,get_charge,cancel_charge,initialize_session,list_providers'
for era in legacy modern; do
  out="$(inspector "$era" --method tools/list --strict)" || fail "tools/list ($era): $(cat /tmp/mcp-inspector-stderr.$$)"
  names="$(echo "$out" | json 'r.result.tools.map(t=>t.name).join(",")')"
  [ "$names" = "$EXPECTED" ] || fail "tools/list ($era) listed: $names"
  pass "tools/list ($era era, --strict schema portability): $names"
done

args='{"type":"pix","amount":2500,"expiresInSeconds":3600,"payer":{"name":"Maria da Silva","document":"52998224725"}}'
out="$(inspector modern --method tools/call --tool-name create_charge --tool-args-json "$args")" ||
  fail "create_charge: $(cat /tmp/mcp-inspector-stderr.$$)"
id="$(echo "$out" | json 'r.result.structuredContent.id')"
[ "$(echo "$out" | json 'r.result.structuredContent.status')" = "PENDING" ] || fail "create_charge: $out"
[ "$(echo "$out" | json 'r.result.content.some(c=>c.type==="image"&&c.mimeType==="image/png")')" = "true" ] || fail "create_charge: no QR image"
pass "tools/call create_charge (modern): Pix $id PENDING with a QR image"

out="$(inspector legacy --method tools/call --tool-name get_charge --tool-args-json "{\"id\":\"$id\"}")" || fail "get_charge: $(cat /tmp/mcp-inspector-stderr.$$)"
[ "$(echo "$out" | json 'r.result.structuredContent.id')" = "$id" ] || fail "get_charge: $out"
pass "tools/call get_charge (legacy): $id"

out="$(inspector legacy --method tools/call --tool-name cancel_charge --tool-args-json "{\"id\":\"$id\"}")" || fail "cancel_charge: $(cat /tmp/mcp-inspector-stderr.$$)"
[ "$(echo "$out" | json 'r.result.structuredContent.status')" = "CANCELLED" ] || fail "cancel_charge: $out"
pass "tools/call cancel_charge (legacy): CANCELLED"

inspector modern --method tools/call --tool-name get_charge --tool-args-json '{"id":"sbx_does_not_exist"}' >/dev/null
code=$?
[ "$code" -eq 5 ] || fail "get_charge of an unknown id: expected exit 5 (tool isError), got $code"
pass "tools/call get_charge of an unknown id: isError (exit 5)"

npx -y "$INSPECTOR" --cli --server-url "$MCP_URL" --transport http --stored-auth-only --format json --method tools/list >/dev/null 2>&1
code=$?
[ "$code" -eq 3 ] || fail "tools/list without a token: expected exit 3 (auth required), got $code"
pass "tools/list without a token: refused (exit 3, auth required)"

echo "PASS: MCP Inspector CLI checks against $MCP_URL"
