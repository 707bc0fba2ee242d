# dealwatch — make targets. Services for tests are private instances started
# by scripts/services.sh (see `make services`).

GO        ?= go
BIN       ?= bin/dealwatch
DEMO_DIR  ?= testdata/samples
FUZZTIME  ?= 20000x
BENCH     ?= .
BENCHTIME ?= 1s

.PHONY: all build services services-stop test chaos cluster-test demo bench fmt lint clean

all: build

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/dealwatch

## services: start Kafka (KRaft) + ClickHouse 18.16 on free loopback ports, fetch libchdb; writes .services/env
services:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

## test: services, go vet, a short fuzz pass, the whole suite; stops the services it started
test:
	FUZZTIME=$(FUZZTIME) scripts/test.sh

## chaos: the fault suite (scripts/chaos): stages as processes on a private Kafka + ClickHouse,
## killed, starved and poisoned; prints a table per scenario. CHAOS_SEED, CHAOS_OUTAGE (30s) tune it.
chaos:
	$(GO) test -tags chaos -count=1 -v -timeout 20m -run TestFaults ./scripts/chaos

## cluster-test: the cluster test (scripts/cluster): 3 Kafka brokers (replication 3,
## min.insync.replicas 2), ZooKeeper, ClickHouse 18.16 2 shards x 2 replicas; scale 1 vs 2
## extract workers (logged), a broker and a replica SIGKILLed mid-stream; exact checks.
cluster-test:
	$(GO) test -tags cluster -count=1 -v -timeout 10m -run TestCluster ./scripts/cluster

## demo: the sample articles through every stage in one process (embedded Kafka + chDB), then the timeline
demo: build
	@export CHDB_LIB_PATH="$$(scripts/services.sh chdb)" && \
	$(BIN) run --ingest $(DEMO_DIR) --until-idle && \
	$(BIN) timeline

## bench: every benchmark (needs `make services` for the ones that use Kafka/ClickHouse)
bench: services
	. "$$(scripts/services.sh env)" && \
	$(GO) test -run='^$$' -bench='$(BENCH)' -benchtime=$(BENCHTIME) -benchmem ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

lint:
	@out="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
