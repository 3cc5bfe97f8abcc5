# Thin wrapper over CMake: the README's two commands are `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
ifdef CI
WERROR := ON
else
WERROR ?= OFF
endif
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test bench package clean

all: build

deps:
	@bash packaging/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWARROOM_WERROR=$(WERROR) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/app/warroom $(ARGS)

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# Benchmarks print figures and a final JSON line each; BENCH_ARGS reach every one of them.
bench: build
	@for b in $(BUILD)/tests/bench/bench_*; do echo "== $$(basename $$b)"; $$b $(BENCH_ARGS) || exit 1; done

package: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD)
