#!/bin/sh
# Creates deploy/secrets/ for deploy/compose.yaml: random passwords, the NATS credentials, the
# database URLs, the signing keys of the hub and the three demo nodes, and a development token
# issuer. Run from the repository root after `npm ci` (it uses bin/littoral.js). Refuses to
# overwrite existing secrets: delete deploy/secrets/*.env etc. yourself to start over.
set -eu
cd "$(dirname "$0")/../.."
S=deploy/secrets
LITTORAL="node bin/littoral.js"
COUNTRIES="th jp ph"
ALL_MEMBERS=$(node -e 'process.stdout.write(require("./deploy/nats/network.json").members.join(" "))')
[ -e "$S/nats.env" ] && { echo "make-secrets: $S/nats.env exists; not overwriting" >&2; exit 1; }
umask 077
pw() { node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))'; }

# NATS: every variable accounts.conf and cluster.conf name (all members, even those not running here).
route=$(pw)
{
  echo "NATS_SYS_PASSWORD=$(pw)"
  echo "NATS_ADMIN_PASSWORD=$(pw)"
  echo "NATS_HUB_PASSWORD=$(pw)"
  echo "NATS_ROUTE_PASSWORD=$route"
  for n in 1 2 3; do echo "NATS_ROUTE_$n=nats-route://route:$route@nats-$n:6222"; done
  for cc in $ALL_MEMBERS; do echo "NATS_PASSWORD_$cc=$(pw)"; echo "NATS_LEAF_PASSWORD_$cc=$(pw)"; done
  echo "NATS_HUB_LEAF_PASSWORD=$(pw)"
} > "$S/nats.env"
val() { sed -n "s/^$1=//p" "$S/nats.env"; }
echo "NATS_ADMIN_PASSWORD=$(val NATS_ADMIN_PASSWORD)" > "$S/nats-admin.env"
echo "LITTORAL_LEAF_REMOTE=nats-leaf://hub-leaf:$(val NATS_HUB_LEAF_PASSWORD)@nats-1:7422,nats-leaf://hub-leaf:$(val NATS_HUB_LEAF_PASSWORD)@nats-2:7422" > "$S/hub-leaf.env"

# Databases: one password per Postgres, the URL the app reads.
for svc in hub $COUNTRIES; do
  p=$(pw)
  printf '%s' "$p" > "$S/$svc-db-password"
  echo "DATABASE_URL=postgres://littoral:$p@$svc-db:5432/littoral_$svc" > "$S/$svc.env"
done
for cc in $COUNTRIES; do
  CC=$(echo "$cc" | tr a-z A-Z)
  echo "LITTORAL_LEAF_REMOTE=nats-leaf://$cc-leaf:$(val NATS_LEAF_PASSWORD_$CC)@nats-1:7422" > "$S/$cc-leaf.env"
  LITTORAL_COUNTRY=$CC $LITTORAL keys generate --file "$S/$cc-keys.json" >/dev/null
  $LITTORAL keys show --file "$S/$cc-keys.json" --json > "$S/$cc-jwks.json"
done
LITTORAL_COUNTRY=TH $LITTORAL keys generate --file "$S/hub-keys.json" >/dev/null   # the country of the hub's key is not used
$LITTORAL keys show --file "$S/hub-keys.json" --json > "$S/hub-jwks.json"
# Development issuer (littoral token): replace with your identity provider in production.
(cd "$S" && node ../../bin/littoral.js token jwks > issuer-jwks.json)
# The apps run as uid 1000 (user node) and refuse key files others may read.
chmod 600 "$S"/*-keys.json
echo "make-secrets: wrote $S (keep it out of version control; back up the key files)"
