#!/usr/bin/env bash
# Least-privilege Kafka ACLs for Forewarn's three services (see docs/SECURITY.md#kafka-acls).
# Usage: BOOTSTRAP=broker:9093 CONFIG=admin.properties PREFIX= deploy/kafka/acls.sh
# Each service authenticates as User:<service>; PREFIX is KAFKA_TOPIC_PREFIX if you set one.
set -euo pipefail
: "${BOOTSTRAP:?broker address}" "${CONFIG:?admin client properties (SASL/TLS)}"
PREFIX="${PREFIX:-}"
acl() { kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --add "$@"; }
writes() { acl --allow-principal "User:$1" --operation Write --operation Describe --topic "$PREFIX$2"; }
reads() {
  acl --allow-principal "User:$1" --operation Read --operation Describe --topic "$PREFIX$2"
  # A consumer parks what it cannot handle on <topic>.dlq.
  acl --allow-principal "User:$1" --operation Write --operation Describe --topic "$PREFIX$2.dlq"
}

writes subprocessor-registry subprocessor.changes.v1
reads customer-notification subprocessor.changes.v1
writes customer-notification customer.objections.v1
reads subprocessor-registry customer.objections.v1
writes breach-response breach.incidents.v1
reads customer-notification breach.incidents.v1
writes customer-notification notification.deliveries.v1
reads breach-response notification.deliveries.v1
writes customer-notification customer.terms.v1
reads subprocessor-registry customer.terms.v1
writes customer-notification notification.email-jobs.v1
reads customer-notification notification.email-jobs.v1
writes customer-notification notification.urgent-email-jobs.v1
reads customer-notification notification.urgent-email-jobs.v1

for service in subprocessor-registry customer-notification breach-response; do
  acl --allow-principal "User:$service" --operation Read --group "$PREFIX$service" --resource-pattern-type prefixed
  # Services create their topics at start when missing; grant Create only if you let them.
done
