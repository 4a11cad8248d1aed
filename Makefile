# The two commands the README opens with. Each installs what it needs first (idempotent).
SWIFT ?= swift

.PHONY: deps build train test bench

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product iris

# The main job. Until training lands it runs the benchmarks of what exists.
train: bench

bench: build
	.build/release/iris bench core
	.build/release/iris bench env

# Tests build in release mode (the gradient checks and kernels are heavy in debug) in their
# own folder, so they do not rebuild the release binary each time (swift-stack.md, section 7).
test: deps
	$(SWIFT) test -c release --scratch-path .build-test
