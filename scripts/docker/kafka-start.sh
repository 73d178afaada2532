#!/usr/bin/env bash
# Entry point of the Docker Compose broker (official apache/kafka image), secured as scripts/infra.mjs
# secures the local one (docs/kafka-security.md):
#   - every client authenticates with SASL/SCRAM-SHA-512, on both client listeners: INTERNAL (kafka:9092,
#     for the containers; also the inter-broker listener, as the admin) and EXTERNAL (localhost:9092 on the
#     host, 19092 in the container);
#   - the controller listener (loopback inside the container) authenticates the admin with SASL/PLAIN: KRaft
#     cannot check SCRAM there, the SCRAM credentials live in the metadata that listener serves;
#   - the StandardAuthorizer denies whatever no ACL allows; `admin` is the super user. The services' ACLs are
#     granted by the one-shot `kafka-acls` service (node scripts/infra.mjs kafka-acls).
# The SCRAM users are created when the storage is formatted (kafka-storage.sh format --add-scram). A volume
# formatted without them, or with other passwords, is formatted again: it loses its topics and offsets (a
# development broker; the services' outboxes and read models live in PostgreSQL).
# The image's own entry point renders KAFKA_* variables and formats without users, so this replaces it.
set -euo pipefail

KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
DATA=${CP_KAFKA_DATA:-/var/lib/kafka/data}
CONF=${CP_KAFKA_CONFIG_DIR:-/opt/kafka/config/cp}
INTERNAL_PORT=${CP_KAFKA_INTERNAL_PORT:-9092}
EXTERNAL_PORT=${CP_KAFKA_EXTERNAL_PORT:-19092}
CONTROLLER_PORT=${CP_KAFKA_CONTROLLER_PORT:-9093}
ADVERTISED_INTERNAL=${CP_KAFKA_ADVERTISED_INTERNAL:-kafka:9092}
ADVERTISED_EXTERNAL=${CP_KAFKA_ADVERTISED_EXTERNAL:-localhost:9092}
: "${CLUSTER_ID:?CLUSTER_ID must be set (a Kafka Uuid: 22 characters of URL-safe base64)}"
: "${CP_KAFKA_ADMIN_PASSWORD:?CP_KAFKA_ADMIN_PASSWORD must be set}"
: "${CP_KAFKA_INTAKE_PASSWORD:?CP_KAFKA_INTAKE_PASSWORD must be set}"
: "${CP_KAFKA_CASEWORK_PASSWORD:?CP_KAFKA_CASEWORK_PASSWORD must be set}"
: "${CP_KAFKA_REPORTING_PASSWORD:?CP_KAFKA_REPORTING_PASSWORD must be set}"

# The configuration holds the admin password: readable by the broker's user only.
umask 077
mkdir -p "$CONF" "$DATA"
admin_scram="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$CP_KAFKA_ADMIN_PASSWORD\";"
cat >"$CONF/server.properties" <<EOF
# Written by scripts/docker/kafka-start.sh at every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=INTERNAL://0.0.0.0:$INTERNAL_PORT,EXTERNAL://0.0.0.0:$EXTERNAL_PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=INTERNAL://$ADVERTISED_INTERNAL,EXTERNAL://$ADVERTISED_EXTERNAL
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=$admin_scram
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$CP_KAFKA_ADMIN_PASSWORD" user_admin="$CP_KAFKA_ADMIN_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=$DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
# For the healthcheck and the Kafka CLI tools inside the container (--command-config).
cat >"$CONF/admin.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$admin_scram
EOF

users=(
  "admin=$CP_KAFKA_ADMIN_PASSWORD"
  "intake=$CP_KAFKA_INTAKE_PASSWORD"
  "casework=$CP_KAFKA_CASEWORK_PASSWORD"
  "reporting=$CP_KAFKA_REPORTING_PASSWORD"
)
# What the storage was formatted with, as a digest (never the passwords themselves).
digest=$(printf '%s\n' "$CLUSTER_ID" "${users[@]}" | sha256sum | cut -d' ' -f1)
marker="$DATA/cp-scram-users"
if [[ -f "$DATA/meta.properties" && "$(cat "$marker" 2>/dev/null || true)" != "$digest" ]]; then
  echo "[kafka-start] $DATA was formatted without these SCRAM users → formatting it again (its topics and offsets are deleted)"
  find "$DATA" -mindepth 1 -delete
fi
if [[ ! -f "$DATA/meta.properties" ]]; then
  scram=()
  for u in "${users[@]}"; do scram+=(--add-scram "SCRAM-SHA-512=[name=${u%%=*},password=${u#*=}]"); done
  echo "[kafka-start] formatting $DATA (cluster.id=$CLUSTER_ID) with the SCRAM-SHA-512 users admin, intake, casework, reporting"
  "$KAFKA_HOME/bin/kafka-storage.sh" format -t "$CLUSTER_ID" -c "$CONF/server.properties" "${scram[@]}"
  echo "$digest" >"$marker"
fi
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONF/server.properties"
