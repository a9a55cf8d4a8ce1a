#!/usr/bin/env bash
# Local stack without Docker: Apache Kafka (KRaft, single node), FerretDB (SQLite backend)
# and the aws-ses-v2-local SES emulator. Everything lives under <repo>/.local (git-ignored).
#
#   deploy/stack.sh provision   fetch/build what is missing (no-op when cached)
#   deploy/stack.sh start       provision, start what is not running, wait until each answers
#   deploy/stack.sh stop        stop what this checkout started
#   deploy/stack.sh status      print up/down per server (exit 1 if any is down)
#   deploy/stack.sh browser     install Debian's chromium for the browser tests (no-op when present)
#
# Environment (defaults): KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 FERRETDB_PORT=27017
#   FERRETDB_DEBUG_PORT=8088 SES_PORT=8005 STACK_TIMEOUT=120 (seconds per server)
#   STACK_SERVICES="kafka ferretdb ses" (subset to manage)
#   SES_BIN (default <repo>/node_modules/.bin/aws-ses-v2-local)
#   KAFKA_HEAP_OPTS="-Xms128m -Xmx512m"  JAVA_HOME (default: Java 17 when installed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY="$ROOT/deploy"
LOCAL="$ROOT/.local"
RUN="$LOCAL/run"
LOGS="$LOCAL/logs"
DATA="$LOCAL/data"

KAFKA_VERSION=4.1.1 # keep in step with deploy/kafka/pom.xml
FERRETDB_VERSION=v1.24.2

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-8088}"
SES_PORT="${SES_PORT:-8005}"
STACK_TIMEOUT="${STACK_TIMEOUT:-120}"
STACK_SERVICES="${STACK_SERVICES:-kafka ferretdb ses}"
SES_BIN="${SES_BIN:-$ROOT/node_modules/.bin/aws-ses-v2-local}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"

KAFKA_LIBS="$LOCAL/kafka/libs"
KAFKA_PROPS="$LOCAL/kafka/server.properties"
KAFKA_DATA="$DATA/kafka"
KAFKA_CLUSTER_ID_FILE="$DATA/kafka-cluster-id"
FERRETDB_BIN="$LOCAL/bin/ferretdb"
# Patches applied to the FerretDB source before it is built; a cached binary without them is rebuilt.
FERRETDB_PATCHES="id-index-1 id-pushdown-1"

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- toolchain

JAVA=""
pick_java() {
  [ -n "$JAVA" ] && return 0
  # Kafka 4.1 needs 17+; the machine may also carry a newer default JDK, so prefer 17 explicitly.
  if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
  else
    JAVA="$(command -v java || true)"
  fi
  [ -n "$JAVA" ] && [ -x "$JAVA" ] || die "java not found: install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  local major
  major="$("$JAVA" -version 2>&1 | sed -E -n 's/.* version "([0-9]+).*/\1/p' | head -1)"
  [ "${major:-0}" -ge 17 ] || die "$JAVA is Java ${major:-?}; Kafka $KAFKA_VERSION needs Java 17+ (set JAVA_HOME)"
}

need() { # need TOOL WHY
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH; it is needed to $2"
}

# ---------------------------------------------------------------- provisioning

pom_stamp() { sha256sum "$DEPLOY/kafka/pom.xml" | cut -c1-16; }

provision_kafka() {
  # The stamp ties the jar set to the pom: editing the pom re-fetches.
  if [ -f "$KAFKA_LIBS/.stamp" ] && [ "$(cat "$KAFKA_LIBS/.stamp")" = "$(pom_stamp)" ]; then
    return 0
  fi
  pick_java
  need mvn "download the Kafka jars from Maven Central (Debian: apt-get install maven)"
  say "kafka: fetching Apache Kafka $KAFKA_VERSION jars from Maven Central (first run only)..."
  local tmp="$LOCAL/kafka/libs.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -q -B -f "$DEPLOY/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$LOGS/kafka-provision.log" 2>&1; then
    cat "$LOGS/kafka-provision.log" >&2
    die "kafka: maven could not fetch the jars (log: $LOGS/kafka-provision.log)"
  fi
  # Swap in whole so an interrupted download never leaves a half classpath behind.
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  pom_stamp >"$KAFKA_LIBS/.stamp"
  say "kafka: $(find "$KAFKA_LIBS" -name "*.jar" | wc -l) jars in .local/kafka/libs"
}

ferretdb_version_ok() {
  [ -x "$FERRETDB_BIN" ] || return 1
  # Capture first: piping into `grep -q` can SIGPIPE ferretdb and, under pipefail, fail the check.
  local out
  out="$("$FERRETDB_BIN" --version 2>/dev/null)" || return 1
  grep -qx "version: $FERRETDB_VERSION" <<<"$out" && [ "$(cat "$FERRETDB_BIN.patches" 2>/dev/null)" = "$FERRETDB_PATCHES" ]
}

# FerretDB 1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'` while its unique
# index is on `_ferretdb_sjson->"_id"`: the same value, but SQLite only uses an index for the
# expression it was built on, so every find by `_id` scanned the table (measured: 7 ms at 1,000
# documents, 490 ms at 100,000). Writing the lookup as the index's expression makes it an index
# search, as `_id` lookups are on MongoDB.
# It also pushes an `_id` down to SQLite only when the filter has no other field, so the guarded
# write every aggregate uses, `updateOne({_id, version})`, read and decoded the whole collection
# (most of FerretDB's CPU under a breach notice's delivery events). The handler applies the whole
# filter to what the backend returns in any case, so narrowing by `_id` whenever the filter has a
# plain one is safe. See docs/BENCHMARKS.md.
patch_ferretdb() {
  local file="$1/internal/backends/sqlite/metadata/metadata.go"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$file"
  grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$file" || die "ferretdb: the _id index patch did not apply to $file"
  file="$1/internal/backends/sqlite/collection.go"
  [ "$(grep -c 'if params.Filter.Len() == 1 {' "$file")" = 2 ] || die "ferretdb: the _id pushdown patch does not fit $file"
  sed -i 's|if params.Filter.Len() == 1 {|if params.Filter.Len() >= 1 {|' "$file"
}

provision_ferretdb() {
  ferretdb_version_ok && return 0
  need go "build FerretDB $FERRETDB_VERSION (install Go 1.24+)"
  say "ferretdb: building FerretDB $FERRETDB_VERSION with Go (first run only, ~1 min)..."
  # Plain `go install ...@version` builds a binary that panics at start: FerretDB embeds a
  # generated build/version/version.txt that its module zip lacks. So build from a copy of
  # the module source with that file written in.
  local dir src
  dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || die "ferretdb: 'go mod download' failed for github.com/FerretDB/FerretDB@$FERRETDB_VERSION"
  src="$LOCAL/src/ferretdb-$FERRETDB_VERSION"
  rm -rf "$src"
  mkdir -p "$LOCAL/src" "$LOCAL/bin"
  cp -R "$dir" "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  patch_ferretdb "$src"
  if ! (cd "$src" && GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
      go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) >"$LOGS/ferretdb-provision.log" 2>&1; then
    cat "$LOGS/ferretdb-provision.log" >&2
    die "ferretdb: go build failed (log: $LOGS/ferretdb-provision.log)"
  fi
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  echo "$FERRETDB_PATCHES" >"$FERRETDB_BIN.patches"
  rm -rf "$src"
  rmdir "$LOCAL/src" 2>/dev/null || true
  ferretdb_version_ok || die "ferretdb: built binary does not report version $FERRETDB_VERSION"
  say "ferretdb: built .local/bin/ferretdb"
}

check_ses() {
  [ -x "$SES_BIN" ] || die "ses: $SES_BIN not found; run 'npm install' at the repo root (aws-ses-v2-local is a devDependency)"
}

# The browser tests drive Debian's chromium through playwright-core (a browser build of its own
# cannot be downloaded here). Only `npm test` asks for it; `npm start` does not need it.
provision_browser() {
  # pdftotext (poppler-utils) reads back the PDFs the browser prints.
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && command -v pdftotext >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "chromium not found: install it or set CHROMIUM_PATH"
  say "browser: installing Debian's chromium and poppler-utils (first run only)..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium poppler-utils; } \
      >"$LOGS/browser-provision.log" 2>&1; then
    cat "$LOGS/browser-provision.log" >&2
    die "browser: apt-get could not install chromium and poppler-utils (log: $LOGS/browser-provision.log)"
  fi
}

wants() { [[ " $STACK_SERVICES " == *" $1 "* ]]; }

provision() {
  mkdir -p "$RUN" "$LOGS" "$DATA"
  if wants kafka; then pick_java; provision_kafka; fi
  if wants ferretdb; then provision_ferretdb; fi
  if wants ses; then check_ses; fi
}

# ---------------------------------------------------------------- processes

port_of() {
  case "$1" in
    kafka) echo "$KAFKA_PORT" ;;
    ferretdb) echo "$FERRETDB_PORT" ;;
    ses) echo "$SES_PORT" ;;
  esac
}

# A word that must appear in the process's command line: guards against a stale pid file
# whose pid now belongs to an unrelated process.
marker_of() {
  case "$1" in
    kafka) echo "kafka.Kafka" ;;
    ferretdb) echo "$FERRETDB_BIN" ;;
    ses) echo "aws-ses-v2-local" ;;
  esac
}

pid_of() { # prints the pid if our process for $1 is alive
  local f="$RUN/$1.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$(marker_of "$1")"* ]] || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts "$@" in its own session (survives the calling shell and its Ctrl-C);
# the child writes its own pid, so it is right however setsid forks.
launch() { # launch NAME LOGFILE CMD...
  local name="$1" log="$2"
  shift 2
  [ -f "$log" ] && mv -f "$log" "$log.1" # each run's log starts clean; the previous is kept
  # 9>&-: the server must not inherit the stack lock, or it would hold it for its lifetime.
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$RUN/$name.pid" "$@" </dev/null >"$log" 2>&1 9>&- &
  local i
  for i in $(seq 50); do [ -s "$RUN/$name.pid" ] && break; sleep 0.05; done
}

# ---------------------------------------------------------------- readiness probes

kafka_api_ok() {
  # A real protocol round trip (ApiVersions) through Kafka's own admin client.
  timeout 30 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$DEPLOY/kafka/log4j2.yaml" -cp "$KAFKA_LIBS/*" \
    org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    >/dev/null 2>&1
}

ferretdb_ping_ok() {
  if command -v node >/dev/null 2>&1; then
    node "$DEPLOY/lib/mongo-ping.cjs" 127.0.0.1 "$FERRETDB_PORT" 2>/dev/null
  else
    port_open "$FERRETDB_PORT"
  fi
}

ses_health_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$SES_PORT/health-check" 2>/dev/null
  else
    # bash-only fallback: HTTP/1.0 GET and look at the status line
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "GET /health-check HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3; head -1 <&3' \
      "$SES_PORT" 2>/dev/null | grep -q ' 200 '
  fi
}

# Full check, used after a launch and for a server found running that we did not start.
ready() {
  case "$1" in
    kafka) port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOGS/kafka.log" 2>/dev/null && kafka_api_ok ;;
    ferretdb) ferretdb_ping_ok ;;
    ses) ses_health_ok ;;
  esac
}

# Check by protocol only (no log line): a server on the port that another checkout started.
answers() {
  case "$1" in
    kafka) kafka_api_ok ;;
    ferretdb) ferretdb_ping_ok ;;
    ses) ses_health_ok ;;
  esac
}

wait_ready() { # wait_ready NAME PID
  local name="$1" pid="$2" log="$LOGS/$1.log" deadline=$((SECONDS + STACK_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 25 "$log" >&2 2>/dev/null || true
      die "$name exited during startup; see $log"
    fi
    ready "$name" && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 25 "$log" >&2 2>/dev/null || true
      stop_one "$name" >/dev/null 2>&1 || true
      die "$name did not answer on port $(port_of "$name") within ${STACK_TIMEOUT}s; see $log"
    fi
    sleep 0.3
  done
}

# ---------------------------------------------------------------- servers

start_kafka() {
  pick_java
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA|g" \
      "$DEPLOY/kafka/server.properties" >"$KAFKA_PROPS"
  local log4j="-Dlog4j2.configurationFile=$DEPLOY/kafka/log4j2.yaml"
  # Format the KRaft storage once; the cluster id is kept so a re-format (after wiping
  # .local/data/kafka) would not be needed to recover it.
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    mkdir -p "$KAFKA_DATA"
    if [ ! -s "$KAFKA_CLUSTER_ID_FILE" ]; then
      "$JAVA" "$log4j" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null \
        | grep -E '^[A-Za-z0-9_-]{22}$' >"$KAFKA_CLUSTER_ID_FILE" || die "kafka: could not generate a cluster id"
    fi
    say "kafka: formatting KRaft storage (cluster id $(cat "$KAFKA_CLUSTER_ID_FILE"))"
    "$JAVA" "$log4j" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
      -t "$(cat "$KAFKA_CLUSTER_ID_FILE")" -c "$KAFKA_PROPS" --ignore-formatted \
      >"$LOGS/kafka-format.log" 2>&1 || { cat "$LOGS/kafka-format.log" >&2; die "kafka: storage format failed"; }
  fi
  # JVM flags as in Kafka's bin/kafka-run-class.sh, with a small heap.
  # shellcheck disable=SC2086
  launch kafka "$LOGS/kafka.log" "$JAVA" $KAFKA_HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "-Dkafka.logs.dir=$LOGS" "$log4j" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS"
}

start_ferretdb() {
  mkdir -p "$DATA/ferretdb" "$DATA/ferretdb-state"
  # DO_NOT_TRACK as well as --telemetry=disable: no beacon calls from a dev/test box.
  launch ferretdb "$LOGS/ferretdb.log" env DO_NOT_TRACK=1 "$FERRETDB_BIN" \
    --handler=sqlite \
    "--sqlite-url=file:$DATA/ferretdb/" \
    "--state-dir=$DATA/ferretdb-state" \
    "--listen-addr=127.0.0.1:$FERRETDB_PORT" \
    "--debug-addr=127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --telemetry=disable \
    --log-level=ERROR # WARN dumps every error reply (e.g. each expected E11000) and each disconnect
}

start_ses() {
  launch ses "$LOGS/ses.log" "$SES_BIN" --host 127.0.0.1 --port "$SES_PORT"
}

start_one() {
  local name="$1" port pid
  port="$(port_of "$name")"
  if pid="$(pid_of "$name")"; then
    # Ours and alive: it may still be starting (an earlier start was interrupted), so wait.
    wait_ready "$name" "$pid"
    say "$name: already up (pid $pid, 127.0.0.1:$port)"
    return 0
  fi
  rm -f "$RUN/$name.pid" # stale
  if port_open "$port"; then
    # Someone else holds the port, e.g. the stack of another checkout on this machine.
    if answers "$name"; then
      say "$name: 127.0.0.1:$port is already served by a process this checkout did not start; using it"
      return 0
    fi
    die "$name: port $port is in use by another program (see: ss -ltnp 'sport = :$port'); set ${name^^}_PORT to move it"
  fi
  local t0=$SECONDS
  "start_$name"
  pid="$(pid_of "$name")" || { tail -n 25 "$LOGS/$name.log" >&2 2>/dev/null || true; die "$name failed to start; see $LOGS/$name.log"; }
  wait_ready "$name" "$pid"
  say "$name: up in $((SECONDS - t0))s (pid $pid, 127.0.0.1:$port, log .local/logs/$name.log)"
}

stop_one() {
  local name="$1" pid grace i
  if ! pid="$(pid_of "$name")"; then
    rm -f "$RUN/$name.pid"
    say "$name: not running"
    return 0
  fi
  # Kafka's controlled shutdown flushes logs and can take a while; the others stop at once.
  case "$name" in kafka) grace=30 ;; *) grace=10 ;; esac
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name: still running after ${grace}s, killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
  say "$name: stopped"
}

status_one() {
  local name="$1" port pid
  port="$(port_of "$name")"
  if pid="$(pid_of "$name")" && port_open "$port"; then
    printf '%-9s up    pid %-8s 127.0.0.1:%s\n' "$name" "$pid" "$port"
  elif pid="$(pid_of "$name")"; then
    printf '%-9s down  pid %-8s (running, port %s not open yet)\n' "$name" "$pid" "$port"
    return 1
  elif port_open "$port"; then
    printf '%-9s up    (not started by this checkout) 127.0.0.1:%s\n' "$name" "$port"
  else
    printf '%-9s down\n' "$name"
    return 1
  fi
}

# ---------------------------------------------------------------- main

# One stack operation at a time (e.g. `npm start` and `npm test` racing on a fresh clone).
lock() {
  mkdir -p "$RUN" "$LOGS" "$DATA"
  exec 9>"$RUN/stack.lock"
  flock -w 600 9 || die "another deploy/stack.sh is still running (lock $RUN/stack.lock)"
}

cmd="${1:-}"
case "$cmd" in
  provision)
    lock
    provision
    say "provisioned"
    ;;
  start)
    lock
    provision
    for s in kafka ferretdb ses; do if wants "$s"; then start_one "$s"; fi; done
    say "stack up: kafka 127.0.0.1:$KAFKA_PORT, mongodb://127.0.0.1:$FERRETDB_PORT (FerretDB), SES http://127.0.0.1:$SES_PORT"
    ;;
  browser)
    lock
    provision_browser
    ;;
  stop)
    lock
    for s in ses ferretdb kafka; do if wants "$s"; then stop_one "$s"; fi; done
    ;;
  status)
    rc=0
    for s in kafka ferretdb ses; do if wants "$s"; then status_one "$s" || rc=1; fi; done
    exit "$rc"
    ;;
  *)
    echo "usage: $0 {start|stop|status|provision|browser}" >&2
    exit 2
    ;;
esac
