# services-cluster.sh — the cluster part of scripts/services.sh (sourced by it, not run alone).
#
#   scripts/services.sh cluster start        3 Apache Kafka brokers (one KRaft quorum), a ZooKeeper,
#                                            4 ClickHouse 18.16 servers as 2 shards x 2 replicas
#                                            (cluster "dealwatch"), on free loopback ports;
#                                            writes $SVC/cluster/env
#   scripts/services.sh cluster stop         stop them all (`services.sh stop` does too)
#   scripts/services.sh cluster status       exit 0 when every instance runs
#   scripts/services.sh cluster env          print the path of the env file
#   scripts/services.sh cluster kill NAME    SIGKILL one instance (kafka-1..3, ch-s1r1, ch-s1r2,
#                                            ch-s2r1, ch-s2r2, zookeeper), keeping data and ports
#   scripts/services.sh cluster resume NAME  start it again on the same data and ports
#
# Every instance lives in $SVC/cluster/NAME with a run.sh that starts it in the foreground, so
# resume is the same command as start. Memory: three brokers at -Xmx384m, ZooKeeper at -Xmx128m,
# four ClickHouse servers at their 18.16 defaults (about 150 MB each idle).

CLUSTER_DIR="$SVC/cluster"
CLUSTER_ENV="$CLUSTER_DIR/env"
CLUSTER_NAME="${DEALWATCH_CLUSTER_NAME:-dealwatch}"
ZOOKEEPER_VERSION="${ZOOKEEPER_VERSION:-3.8.4}"
ZOOKEEPER_LIBS="$CACHE/zookeeper-$ZOOKEEPER_VERSION/libs"
CLUSTER_KAFKA_NODES="1 2 3"
CLUSTER_CH_NODES="s1r1 s1r2 s2r1 s2r2"

install_zookeeper() {
	install_java
	if [ -f "$ZOOKEEPER_LIBS/zookeeper-$ZOOKEEPER_VERSION.jar" ]; then return; fi
	log "fetching Apache ZooKeeper $ZOOKEEPER_VERSION jars from Maven Central"
	local tmp="$ZOOKEEPER_LIBS.tmp.$$"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	if ! (cd "$ROOT/scripts/zookeeper" && mvn -q -B -Dstyle.color=never -Dzookeeper.version="$ZOOKEEPER_VERSION" \
		dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp") >"$CACHE/mvn-zookeeper.log" 2>&1; then
		tail -n 40 "$CACHE/mvn-zookeeper.log" >&2
		die "mvn dependency:copy-dependencies (zookeeper) failed (log: $CACHE/mvn-zookeeper.log)"
	fi
	rm -rf "$ZOOKEEPER_LIBS"
	mv "$tmp" "$ZOOKEEPER_LIBS"
}

# cluster_port VAR: set VAR to a free loopback port. Unlike `$(free_port)` it runs in this shell,
# so $RANDOM and the list of ports handed out advance between calls. The ports lie below the
# kernel's ephemeral range (ip_local_port_range, 32768 by default): a port in that range that is
# free when chosen can be taken, before the server binds it, as the source port of any outgoing
# connection (the brokers' own, to each other's controllers, did: "failed to bind ... Address
# already in use").
cluster_port() {
	local p i lo=32768 span
	if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
		read -r lo _ </proc/sys/net/ipv4/ip_local_port_range
	fi
	span=$((lo - 20000))
	[ "$span" -ge 2000 ] || span=30000 # an unusual range: fall back to 20000-49999
	for i in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % span))
		case "$taken_ports" in *" $p "*) continue ;; esac
		if ! port_open "$p"; then
			taken_ports="$taken_ports$p "
			printf -v "$1" '%s' "$p"
			return
		fi
	done
	die "no free port found"
}

# cluster_launch NAME: start $CLUSTER_DIR/NAME/run.sh in its own session.
cluster_launch() {
	local dir="$CLUSTER_DIR/$1"
	(cd "$dir" && exec setsid nohup "$dir/run.sh" >>"$dir/stdout.log" 2>&1 </dev/null 9>&-) &
	echo $! >"$CLUSTER_DIR/$1.pid"
}

# cluster_wait NAME: wait until the instance answers (its ready.sh succeeds).
cluster_wait() {
	local dir="$CLUSTER_DIR/$1"
	wait_for "$1" "$START_TIMEOUT" "$CLUSTER_DIR/$1.pid" "$dir/$(cat "$dir/logname")" "$dir/ready.sh"
}

# ---------------------------------------------------------------- ZooKeeper

cluster_zookeeper() {
	local dir="$CLUSTER_DIR/zookeeper"
	mkdir -p "$dir/data"
	cluster_port ZK_PORT
	echo "ZK_PORT=$ZK_PORT" >"$dir/ports"
	cat >"$dir/zoo.cfg" <<EOF
tickTime=500
initLimit=10
syncLimit=5
dataDir=$dir/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
autopurge.purgeInterval=1
EOF
	cat >"$dir/logback.xml" <<EOF
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/zookeeper.log</file>
    <encoder><pattern>%d %-5level %msg \(%logger{20}\)%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="FILE"/></root>
  <logger name="org.apache.zookeeper.server.ZooKeeperServerMain" level="INFO"/>
</configuration>
EOF
	: >"$dir/zookeeper.log"
	echo zookeeper.log >"$dir/logname"
	cat >"$dir/run.sh" <<EOF
#!/bin/sh
exec "$JAVA" -Xms64m -Xmx128m -Djava.awt.headless=true -Dlogback.configurationFile="$dir/logback.xml" \\
	-Dzookeeper.admin.enableServer=false -cp "$ZOOKEEPER_LIBS/*" \\
	org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg"
EOF
	cat >"$dir/ready.sh" <<EOF
#!/bin/bash
exec 3<>/dev/tcp/127.0.0.1/$ZK_PORT && printf srvr >&3 && grep -q '^Mode: ' <&3
EOF
	chmod +x "$dir/run.sh" "$dir/ready.sh"
	log "starting zookeeper $ZOOKEEPER_VERSION on 127.0.0.1:$ZK_PORT"
	cluster_launch zookeeper
}

# ---------------------------------------------------------------- Kafka, 3 brokers in one KRaft quorum

cluster_kafka() {
	local n voters="" id
	for n in $CLUSTER_KAFKA_NODES; do
		mkdir -p "$CLUSTER_DIR/kafka-$n/data"
		cluster_port "KAFKA_PORT_$n"
		cluster_port "KAFKA_CTRL_$n"
		voters="$voters${voters:+,}$n@127.0.0.1:$(eval echo "\$KAFKA_CTRL_$n")"
	done
	id="$(kafka_cluster_id)" || die "no cluster id"
	for n in $CLUSTER_KAFKA_NODES; do
		local dir="$CLUSTER_DIR/kafka-$n" port ctrl
		port="$(eval echo "\$KAFKA_PORT_$n")"
		ctrl="$(eval echo "\$KAFKA_CTRL_$n")"
		printf 'KAFKA_PORT=%s\nKAFKA_CONTROLLER_PORT=%s\n' "$port" "$ctrl" >"$dir/ports"
		# Replication as a team runs it: every topic 3 replicas, 2 in sync for acks=all.
		cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
unclean.leader.election.enable=false
delete.topic.enable=true
message.max.bytes=2097152
replica.fetch.max.bytes=2097152
log.retention.hours=24
log.segment.bytes=16777216
num.network.threads=2
num.io.threads=2
background.threads=2
num.replica.fetchers=1
replica.lag.time.max.ms=10000
controller.quorum.election.timeout.ms=1000
controller.quorum.fetch.timeout.ms=2000
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
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
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
EOF
		local java_opts="-Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1 -Djava.awt.headless=true -Dlog4j2.configurationFile=$dir/log4j2.properties -Dkafka.logs.dir=$dir"
		"$JAVA" $java_opts -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
			-t "$id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
			{ tail -n 40 "$dir/format.log" >&2; die "kafka-$n storage format failed"; }
		: >"$dir/server.log"
		echo server.log >"$dir/logname"
		cat >"$dir/run.sh" <<EOF
#!/bin/sh
: >"$dir/server.log"
exec "$JAVA" $java_opts -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties"
EOF
		cat >"$dir/ready.sh" <<EOF
#!/bin/bash
(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && grep -q 'Kafka Server started' "$dir/server.log"
EOF
		chmod +x "$dir/run.sh" "$dir/ready.sh"
		log "starting kafka-$n on 127.0.0.1:$port (controller $ctrl)"
		cluster_launch "kafka-$n"
	done
}

# ---------------------------------------------------------------- ClickHouse 18.16, 2 shards x 2 replicas

cluster_clickhouse() {
	local n
	for n in $CLUSTER_CH_NODES; do
		mkdir -p "$CLUSTER_DIR/ch-$n"/{data,tmp,log,user_files,format_schemas}
		cluster_port "CH_TCP_$n"
		cluster_port "CH_HTTP_$n"
		cluster_port "CH_INTER_$n"
	done
	# remote_servers: internal_replication, so a Distributed insert goes to one replica of a
	# shard and ReplicatedReplacingMergeTree copies it to the other (with block deduplication).
	local remote="" s r
	for s in 1 2; do
		remote="$remote            <shard>
                <internal_replication>true</internal_replication>
"
		for r in 1 2; do
			remote="$remote                <replica><host>127.0.0.1</host><port>$(eval echo "\$CH_TCP_s${s}r${r}")</port></replica>
"
		done
		remote="$remote            </shard>
"
	done
	for n in $CLUSTER_CH_NODES; do
		local dir="$CLUSTER_DIR/ch-$n" tcp http inter shard replica
		tcp="$(eval echo "\$CH_TCP_$n")"
		http="$(eval echo "\$CH_HTTP_$n")"
		inter="$(eval echo "\$CH_INTER_$n")"
		shard="0${n:1:1}"
		replica="$n"
		printf 'CH_TCP=%s\nCH_HTTP=%s\n' "$tcp" "$http" >"$dir/ports"
		cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>information</level>
        <log>$dir/log/clickhouse-server.log</log>
        <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
        <size>50M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$tcp</tcp_port>
    <http_port>$http</http_port>
    <interserver_http_port>$inter</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>134217728</uncompressed_cache_size>
    <mark_cache_size>134217728</mark_cache_size>
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
    <zookeeper>
        <node><host>127.0.0.1</host><port>$ZK_PORT</port></node>
        <session_timeout_ms>10000</session_timeout_ms>
    </zookeeper>
    <macros>
        <cluster>$CLUSTER_NAME</cluster>
        <shard>$shard</shard>
        <replica>$replica</replica>
    </macros>
    <remote_servers>
        <$CLUSTER_NAME>
$remote        </$CLUSTER_NAME>
    </remote_servers>
    <distributed_ddl>
        <path>/clickhouse/task_queue/ddl</path>
    </distributed_ddl>
</yandex>
EOF
		cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <load_balancing>in_order</load_balancing>
            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
            <insert_distributed_sync>1</insert_distributed_sync>
            <distributed_ddl_task_timeout>60</distributed_ddl_task_timeout>
            <connect_timeout_with_failover_ms>200</connect_timeout_with_failover_ms>
            <skip_unavailable_shards>0</skip_unavailable_shards>
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
		echo log/clickhouse-server.log >"$dir/logname"
		cat >"$dir/run.sh" <<EOF
#!/bin/sh
exec "$(clickhouse_bin)" --config-file="$dir/config.xml"
EOF
		cat >"$dir/ready.sh" <<EOF
#!/bin/sh
exec clickhouse-client --host 127.0.0.1 --port $tcp -q 'SELECT 1'
EOF
		chmod +x "$dir/run.sh" "$dir/ready.sh"
		log "starting clickhouse ch-$n (shard $shard) on 127.0.0.1:$tcp (http $http)"
		cluster_launch "ch-$n"
	done
}

cluster_names() {
	local n
	echo zookeeper
	for n in $CLUSTER_KAFKA_NODES; do echo "kafka-$n"; done
	for n in $CLUSTER_CH_NODES; do echo "ch-$n"; done
}

cluster_write_env() {
	local kafka="" ch="" chhttp="" n
	for n in $CLUSTER_KAFKA_NODES; do
		# shellcheck disable=SC1090
		. "$CLUSTER_DIR/kafka-$n/ports"
		kafka="$kafka${kafka:+,}127.0.0.1:$KAFKA_PORT"
	done
	for n in $CLUSTER_CH_NODES; do
		# shellcheck disable=SC1090
		. "$CLUSTER_DIR/ch-$n/ports"
		ch="$ch${ch:+,}127.0.0.1:$CH_TCP"
		chhttp="$chhttp${chhttp:+,}127.0.0.1:$CH_HTTP"
	done
	cat >"$CLUSTER_ENV.tmp" <<EOF
# written by scripts/services.sh cluster start; source it: . .services/cluster/env
# ClickHouse servers in the order s1r1, s1r2, s2r1, s2r2 (shard, replica).
export DEALWATCH_CLUSTER_KAFKA=$kafka
export DEALWATCH_CLUSTER_CLICKHOUSE=$ch
export DEALWATCH_CLUSTER_CLICKHOUSE_HTTP=$chhttp
export DEALWATCH_CLUSTER_NAME=$CLUSTER_NAME
EOF
	mv "$CLUSTER_ENV.tmp" "$CLUSTER_ENV"
}

cluster_start() {
	if [ -f "$CLUSTER_ENV" ] && cluster_status >/dev/null 2>&1; then
		log "cluster already running"
		cat "$CLUSTER_ENV" >&2
		return
	fi
	cluster_stop
	install_clickhouse
	install_kafka
	install_zookeeper
	mkdir -p "$CLUSTER_DIR"
	cluster_zookeeper
	cluster_kafka
	cluster_wait zookeeper || { cluster_stop; die "zookeeper did not start"; }
	cluster_clickhouse
	local name
	for name in $(cluster_names); do
		cluster_wait "$name" || { cluster_stop; die "$name did not start (logs: $CLUSTER_DIR/$name)"; }
	done
	cluster_write_env
	log "cluster env written to $CLUSTER_ENV"
	cat "$CLUSTER_ENV" >&2
}

cluster_stop() {
	local name
	[ -d "$CLUSTER_DIR" ] || return 0
	for name in $(cluster_names); do
		stop_pid "$CLUSTER_DIR/$name.pid" "$name"
	done
	rm -rf "$CLUSTER_DIR"
}

cluster_status() {
	local ok=0 name
	for name in $(cluster_names); do
		if pid_alive "$CLUSTER_DIR/$name.pid"; then log "$name running (pid $(cat "$CLUSTER_DIR/$name.pid"))"; else log "$name stopped"; ok=1; fi
	done
	return "$ok"
}

# cluster_known dies unless $1 names an instance. It compares in a loop, not
# with `cluster_names | grep -q`: under pipefail, grep -q exits at the first
# match and the writer's SIGPIPE fails the pipeline, so a known name could be
# refused at random.
cluster_known() {
	local name
	for name in $(cluster_names); do
		[ "$name" = "$1" ] && return 0
	done
	die "unknown cluster instance '$1' (one of: $(cluster_names | tr '\n' ' '))"
}

cluster_kill() {
	cluster_known "$1"
	local pidfile="$CLUSTER_DIR/$1.pid" i
	pid_alive "$pidfile" || die "kill: $1 is not running"
	log "SIGKILL $1 (pid $(cat "$pidfile"))"
	kill -9 "$(cat "$pidfile")"
	for i in $(seq 1 100); do
		pid_alive "$pidfile" || return 0
		sleep 0.1
	done
	die "kill: $1 still alive"
}

cluster_resume() {
	cluster_known "$1"
	[ -x "$CLUSTER_DIR/$1/run.sh" ] || die "resume: $1 was never started in $CLUSTER_DIR"
	pid_alive "$CLUSTER_DIR/$1.pid" && { log "$1 already running"; return 0; }
	install_java
	log "resuming $1"
	cluster_launch "$1"
	cluster_wait "$1" || die "$1 did not resume"
	log "$1 resumed"
}

cluster_cmd() {
	case "${1:-}" in
	start) with_lock cluster_start ;;
	stop) with_lock cluster_stop ;;
	status) cluster_status ;;
	env) echo "$CLUSTER_ENV" ;;
	kill) with_lock cluster_kill "${2:-}" ;;
	resume) with_lock cluster_resume "${2:-}" ;;
	*)
		echo "usage: $0 cluster start|stop|status|env|kill NAME|resume NAME" >&2
		exit 2
		;;
	esac
}
