#!/usr/bin/env bash
# services.sh — private test services for dealwatch on a Debian 12 machine.
#
#   scripts/services.sh install   install what is missing (apt, Maven Central, npm)
#   scripts/services.sh start     install, then start Kafka (KRaft) + ClickHouse 18.16 on free
#                                 loopback ports and write .services/env (reuses running ones)
#   scripts/services.sh stop      stop them and remove their temp dirs
#   scripts/services.sh status    exit 0 when both services are running
#   scripts/services.sh env       print the path of the env file (source it)
#   scripts/services.sh chdb      only make sure libchdb.so is present; prints its path
#   scripts/services.sh cluster-id print a fresh KRaft cluster id (as `start` formats Kafka with)
#   scripts/services.sh kill kafka|clickhouse    SIGKILL one service, keeping its data and ports
#   scripts/services.sh resume kafka|clickhouse  start a killed service again on the same ports/data
#   scripts/services.sh cluster start|stop|status|env|kill NAME|resume NAME
#                                 3 Kafka brokers (KRaft), ZooKeeper, ClickHouse 2 shards x 2
#                                 replicas (scripts/services-cluster.sh); `stop` stops it too
#
# DEALWATCH_SERVICES_DIR (default .services/) holds the instances: the fault suite starts a
# private pair there, so that killing its broker disturbs nobody else's tests.
#
# Nothing here touches the system ClickHouse service or system config: every instance lives in
# .services/ (state, logs, pids) and every download in .cache/ (both gitignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="${DEALWATCH_SERVICES_DIR:-$ROOT/.services}"
CACHE="$ROOT/.cache"

KAFKA_VERSION="${KAFKA_VERSION:-4.1.2}"
CHDB_VERSION="${CHDB_VERSION:-26.5.3}"
KAFKA_LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
CHDB_DIR="$CACHE/chdb-$CHDB_VERSION"
CHDB_LIB="$CHDB_DIR/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so"
ENV_FILE="$SVC/env"
START_TIMEOUT="${SERVICES_START_TIMEOUT:-120}"

export DEBIAN_FRONTEND=noninteractive

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- install

apt_updated=0
apt_install() {
	if [ "$apt_updated" = 0 ]; then
		log "apt-get update"
		apt-get update -qq >/dev/null
		apt_updated=1
	fi
	log "apt-get install $*"
	# policy-rc.d keeps package scripts from starting system services (we run private ones).
	local policy=/usr/sbin/policy-rc.d created=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
	fi
	local rc=0
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null || rc=$?
	if [ "$created" = 1 ]; then rm -f "$policy"; fi
	[ "$rc" = 0 ] || die "apt-get install $* failed ($rc)"
}

clickhouse_bin() {
	command -v clickhouse-server 2>/dev/null || { [ -x /usr/sbin/clickhouse-server ] && echo /usr/sbin/clickhouse-server; } || true
}

install_clickhouse() {
	if [ -z "$(clickhouse_bin)" ] || ! command -v clickhouse-client >/dev/null; then
		apt_install clickhouse-server clickhouse-client
	fi
	[ -n "$(clickhouse_bin)" ] || die "clickhouse-server not found after install"
}

# Kafka 4.x brokers need Java 17 or newer.
JAVA="${JAVA:-java}"
java_major() { "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1; }

install_java() {
	local pkgs=() major
	major="$(java_major "$JAVA" 2>/dev/null || true)"
	if [ -z "$major" ] || [ "$major" -lt 17 ]; then pkgs+=(openjdk-17-jre-headless); fi
	command -v mvn >/dev/null || pkgs+=(maven)
	if [ "${#pkgs[@]}" -gt 0 ]; then apt_install "${pkgs[@]}"; fi
	major="$(java_major "$JAVA" 2>/dev/null || true)"
	if [ -z "$major" ] || [ "$major" -lt 17 ]; then
		JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
		[ -x "$JAVA" ] || die "no Java 17+ found"
	fi
}

install_kafka() {
	install_java
	if [ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]; then return; fi
	log "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central"
	local tmp="$KAFKA_LIBS.tmp.$$"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	mkdir -p "$CACHE"
	if ! (cd "$ROOT/scripts/kafka" && mvn -q -B -Dstyle.color=never -Dkafka.version="$KAFKA_VERSION" \
		dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp") >"$CACHE/mvn.log" 2>&1; then
		tail -n 40 "$CACHE/mvn.log" >&2
		die "mvn dependency:copy-dependencies failed (log: $CACHE/mvn.log)"
	fi
	rm -rf "$KAFKA_LIBS"
	mv "$tmp" "$KAFKA_LIBS"
}

install_chdb() {
	if [ -f "$CHDB_LIB" ]; then return; fi
	if ! command -v npm >/dev/null; then apt_install npm; fi
	log "fetching @chdb/lib-linux-x64-gnu@$CHDB_VERSION from npm"
	mkdir -p "$CHDB_DIR"
	npm install --prefix "$CHDB_DIR" --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
		"@chdb/lib-linux-x64-gnu@$CHDB_VERSION" >/dev/null || die "npm install @chdb/lib-linux-x64-gnu failed"
	if [ ! -f "$CHDB_LIB" ]; then
		local found
		found="$(find "$CHDB_DIR" -name 'libchdb.so' -print -quit)"
		[ -n "$found" ] || die "libchdb.so not found under $CHDB_DIR"
		ln -sf "$found" "$CHDB_LIB"
	fi
}

do_install() {
	install_clickhouse
	install_kafka
	install_chdb
}

# ---------------------------------------------------------------- helpers

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port prints a loopback TCP port nobody listens on (and that we have not handed out).
# It lies below the kernel's ephemeral range: a service killed and resumed on the same port
# would otherwise find it taken by some outgoing connection's local port.
taken_ports=" "
free_port() {
	local p i top=32768 ephemeral
	read -r ephemeral _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && [ "${ephemeral:-0}" -ge 11000 ] 2>/dev/null && top=$ephemeral
	for i in $(seq 1 200); do
		p=$((10000 + (RANDOM * 32768 + RANDOM) % (top - 10000)))
		case "$taken_ports" in *" $p "*) continue ;; esac
		if ! port_open "$p"; then
			taken_ports="$taken_ports$p "
			echo "$p"
			return
		fi
	done
	die "no free port found"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for NAME TIMEOUT PIDFILE LOG CMD... : run CMD until it succeeds; fail if the process dies.
wait_for() {
	local name="$1" timeout="$2" pidfile="$3" logf="$4"
	shift 4
	local deadline=$((SECONDS + timeout))
	until "$@" >/dev/null 2>&1; do
		if ! pid_alive "$pidfile"; then
			log "$name exited during startup; last lines of $logf:"
			tail -n 40 "$logf" >&2 || true
			return 1
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			log "$name not ready after ${timeout}s; last lines of $logf:"
			tail -n 40 "$logf" >&2 || true
			return 1
		fi
		sleep 0.3
	done
}

stop_pid() {
	local pidfile="$1" name="$2"
	if pid_alive "$pidfile"; then
		local pid i
		pid="$(cat "$pidfile")"
		log "stopping $name (pid $pid)"
		kill "$pid" 2>/dev/null || true
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
}

# ---------------------------------------------------------------- ClickHouse 18.16

clickhouse_ready() { clickhouse-client --host 127.0.0.1 --port "$1" -q 'SELECT 1'; }

start_clickhouse_once() {
	local dir="$SVC/clickhouse" pidfile="$SVC/clickhouse.pid"
	if pid_alive "$pidfile" && [ -f "$dir/ports" ]; then
		# shellcheck disable=SC1091
		. "$dir/ports"
		if clickhouse_ready "$CH_TCP" >/dev/null 2>&1; then
			log "clickhouse already running on 127.0.0.1:$CH_TCP"
			return
		fi
	fi
	stop_pid "$pidfile" clickhouse
	rm -rf "$dir"
	mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
	CH_TCP="$(free_port)" && CH_HTTP="$(free_port)" && CH_INTERSERVER="$(free_port)" || return 1
	printf 'CH_TCP=%s\nCH_HTTP=%s\n' "$CH_TCP" "$CH_HTTP" >"$dir/ports"
	cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>information</level>
        <log>$dir/log/clickhouse-server.log</log>
        <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$CH_TCP</tcp_port>
    <http_port>$CH_HTTP</http_port>
    <interserver_http_port>$CH_INTERSERVER</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
	cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <load_balancing>random</load_balancing>
            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
	log "starting clickhouse-server on 127.0.0.1:$CH_TCP (http $CH_HTTP)"
	(cd "$dir" && exec setsid nohup "$(clickhouse_bin)" --config-file="$dir/config.xml" \
		>"$dir/log/stdout.log" 2>&1 </dev/null 9>&-) &
	echo $! >"$pidfile"
	if ! wait_for clickhouse "$START_TIMEOUT" "$pidfile" "$dir/log/clickhouse-server.log" clickhouse_ready "$CH_TCP"; then
		tail -n 20 "$dir/log/stdout.log" >&2 || true
		stop_pid "$pidfile" clickhouse
		return 1
	fi
	log "clickhouse ready: $(clickhouse-client --host 127.0.0.1 --port "$CH_TCP" -q 'SELECT version()')"
}

# ---------------------------------------------------------------- Kafka (KRaft)

kafka_started() { port_open "$1" && grep -q 'Kafka Server started' "$2"; }

# kafka_cluster_id prints a KRaft cluster id: 16 random bytes (from
# $SERVICES_RANDOM, default /dev/urandom), base64url without padding. The top
# bit of the first byte is cleared, so the id starts with A-Z or a-f: an id
# starting with '-' would be read as an option by kafka-storage.
kafka_cluster_id() {
	local hex
	hex="$(head -c 16 "${SERVICES_RANDOM:-/dev/urandom}" | od -An -v -tx1 | tr -d ' \n')"
	[ "${#hex}" = 32 ] || return 1
	hex="$(printf '%02x' $((0x${hex:0:2} & 0x7f)))${hex:2}"
	# shellcheck disable=SC2059 # the format is the escaped bytes themselves
	printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | base64 | tr '+/' '-_' | tr -d '=\n'
	echo
}

start_kafka_once() {
	local dir="$SVC/kafka" pidfile="$SVC/kafka.pid"
	if pid_alive "$pidfile" && [ -f "$dir/ports" ]; then
		# shellcheck disable=SC1091
		. "$dir/ports"
		if port_open "$KAFKA_PORT"; then
			log "kafka already running on 127.0.0.1:$KAFKA_PORT"
			return
		fi
	fi
	stop_pid "$pidfile" kafka
	rm -rf "$dir"
	mkdir -p "$dir/data"
	KAFKA_PORT="$(free_port)" && KAFKA_CONTROLLER_PORT="$(free_port)" || return 1
	printf 'KAFKA_PORT=%s\nKAFKA_CONTROLLER_PORT=%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" >"$dir/ports"
	cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=24
log.segment.bytes=16777216
num.network.threads=2
num.io.threads=2
background.threads=2
EOF
	cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
	: >"$dir/server.log"
	local java_opts=(-Xms128m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
		-Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir")
	local cluster_id
	cluster_id="$(kafka_cluster_id)" || { log "no cluster id"; return 1; }
	log "formatting kafka storage (cluster $cluster_id)"
	"$JAVA" "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
		-t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
		{ tail -n 40 "$dir/format.log" >&2; log "kafka storage format failed"; return 1; }
	log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
	(cd "$dir" && exec setsid nohup "$JAVA" "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" \
		>"$dir/stdout.log" 2>&1 </dev/null 9>&-) &
	echo $! >"$pidfile"
	if ! wait_for kafka "$START_TIMEOUT" "$pidfile" "$dir/server.log" kafka_started "$KAFKA_PORT" "$dir/server.log"; then
		tail -n 20 "$dir/stdout.log" >&2 || true
		stop_pid "$pidfile" kafka
		return 1
	fi
	log "kafka ready"
}

# A port picked as free may be taken before the server binds it: try a few times.
start_clickhouse() {
	local i
	for i in 1 2 3; do
		start_clickhouse_once && return 0
		log "clickhouse start attempt $i failed"
	done
	die "clickhouse-server did not start (logs: $SVC/clickhouse/log)"
}

start_kafka() {
	local i
	for i in 1 2 3; do
		start_kafka_once && return 0
		log "kafka start attempt $i failed"
	done
	die "kafka did not start (log: $SVC/kafka/server.log)"
}

# ---------------------------------------------------------------- faults (the fault suite)

# do_kill NAME: SIGKILL the service, as a crash would; its data dir and ports stay for resume.
do_kill() {
	local pidfile="$SVC/$1.pid"
	case "$1" in kafka | clickhouse) ;; *) die "kill: unknown service '$1' (kafka or clickhouse)" ;; esac
	pid_alive "$pidfile" || die "kill: $1 is not running"
	log "SIGKILL $1 (pid $(cat "$pidfile"))"
	kill -9 "$(cat "$pidfile")"
	local i
	for i in $(seq 1 100); do
		pid_alive "$pidfile" || return 0
		sleep 0.1
	done
	die "kill: $1 still alive"
}

# do_resume NAME: start a killed service again with its config, data and ports, as a supervisor
# restarting a crashed server would (no new storage format, no new ports).
do_resume() {
	local name="$1" dir="$SVC/$1" pidfile="$SVC/$1.pid"
	[ -f "$dir/ports" ] || die "resume: $name was never started in $SVC"
	pid_alive "$pidfile" && { log "$name already running"; return 0; }
	# shellcheck disable=SC1091
	. "$dir/ports"
	case "$name" in
	kafka)
		install_java
		local java_opts=(-Xms128m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
			-Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir")
		: >"$dir/server.log"
		log "resuming kafka on 127.0.0.1:$KAFKA_PORT"
		(cd "$dir" && exec setsid nohup "$JAVA" "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" \
			>>"$dir/stdout.log" 2>&1 </dev/null 9>&-) &
		echo $! >"$pidfile"
		wait_for kafka "$START_TIMEOUT" "$pidfile" "$dir/server.log" kafka_started "$KAFKA_PORT" "$dir/server.log" ||
			die "kafka did not resume"
		;;
	clickhouse)
		log "resuming clickhouse on 127.0.0.1:$CH_TCP"
		(cd "$dir" && exec setsid nohup "$(clickhouse_bin)" --config-file="$dir/config.xml" \
			>>"$dir/log/stdout.log" 2>&1 </dev/null 9>&-) &
		echo $! >"$pidfile"
		wait_for clickhouse "$START_TIMEOUT" "$pidfile" "$dir/log/clickhouse-server.log" clickhouse_ready "$CH_TCP" ||
			die "clickhouse did not resume"
		;;
	*) die "resume: unknown service '$name' (kafka or clickhouse)" ;;
	esac
	log "$name resumed"
}

# ---------------------------------------------------------------- cluster (scripts/services-cluster.sh)

# shellcheck source=scripts/services-cluster.sh
. "$ROOT/scripts/services-cluster.sh"

# ---------------------------------------------------------------- commands

write_env() {
	# shellcheck disable=SC1091
	. "$SVC/clickhouse/ports"
	# shellcheck disable=SC1091
	. "$SVC/kafka/ports"
	cat >"$ENV_FILE.tmp" <<EOF
# written by scripts/services.sh start; source it: . .services/env
export DEALWATCH_TEST_KAFKA=127.0.0.1:$KAFKA_PORT
export DEALWATCH_TEST_CLICKHOUSE=127.0.0.1:$CH_TCP
export DEALWATCH_TEST_CLICKHOUSE_HTTP=127.0.0.1:$CH_HTTP
export CHDB_LIB_PATH=$CHDB_LIB
EOF
	mv "$ENV_FILE.tmp" "$ENV_FILE"
}

do_start() {
	do_install
	start_clickhouse
	start_kafka
	write_env
	log "env written to $ENV_FILE"
	cat "$ENV_FILE" >&2
}

do_stop() {
	stop_pid "$SVC/kafka.pid" kafka
	stop_pid "$SVC/clickhouse.pid" clickhouse
	rm -rf "$SVC/kafka" "$SVC/clickhouse" "$ENV_FILE"
	cluster_stop
}

do_status() {
	local ok=0
	if pid_alive "$SVC/clickhouse.pid"; then log "clickhouse running (pid $(cat "$SVC/clickhouse.pid"))"; else log "clickhouse stopped"; ok=1; fi
	if pid_alive "$SVC/kafka.pid"; then log "kafka running (pid $(cat "$SVC/kafka.pid"))"; else log "kafka stopped"; ok=1; fi
	return "$ok"
}

# Serialise concurrent invocations (several shells may share the work tree).
with_lock() {
	mkdir -p "$SVC"
	exec 9>"$SVC/lock"
	flock -w 600 9 || die "could not lock $SVC/lock"
	"$@"
}

cmd="${1:-}"
case "$cmd" in
install) with_lock do_install ;;
start) with_lock do_start ;;
stop) with_lock do_stop ;;
status) do_status ;;
env) echo "$ENV_FILE" ;;
chdb) with_lock install_chdb && echo "$CHDB_LIB" ;;
cluster-id) kafka_cluster_id ;;
kill) with_lock do_kill "${2:-}" ;;
resume) with_lock do_resume "${2:-}" ;;
cluster) shift && cluster_cmd "$@" ;;
*)
	echo "usage: $0 install|start|stop|status|env|chdb|kill NAME|resume NAME|cluster-id|cluster ..." >&2
	exit 2
	;;
esac
