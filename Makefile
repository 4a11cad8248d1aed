# The two commands the README opens with. Each installs what it needs first (idempotent).
SWIFT ?= swift

.PHONY: deps build train test bench ale

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product iris

# The main job: Pong, 100k env steps, default (cpu) preset, seed 0, in runs/pong-cpu-seed0.
# Run again after an interruption and it resumes where it stopped (an interrupted or failed run
# stops `make` there); at the end it writes the learning curve to runs/results/pong/
# (RESULTS=Experiments/results/pong make train publishes over the committed one).
train: build
	Experiments/pong_100k.sh 1

bench: build
	Experiments/bench.sh

# Tests build in release mode (the gradient checks and kernels are heavy in debug) in their
# own folder, so they do not rebuild the release binary each time (swift-stack.md, section 7).
test: deps
	$(SWIFT) test -c release --scratch-path .build-test

# Real Atari (README, Real Atari): ale-py, with its emulator and ROMs, in .venv-ale/, where the
# ALE bridge (scripts/ale_bridge.py) looks first. Idempotent: an existing venv with this ale-py is kept.
ALE_PY_VERSION ?= 0.12.1
ale:
	@if .venv-ale/bin/python3 -c "import sys, ale_py; sys.exit(ale_py.__version__ != '$(ALE_PY_VERSION)')" 2>/dev/null; then \
		echo "ale-py $(ALE_PY_VERSION) is installed in .venv-ale/"; \
	else \
		python3 -m venv .venv-ale && .venv-ale/bin/pip install --quiet "ale-py==$(ALE_PY_VERSION)" \
		&& echo "installed ale-py $(ALE_PY_VERSION) in .venv-ale/"; \
	fi
