#!/usr/bin/env bash
# Usage: [RESULTS=DIR] Experiments/pong_100k.sh [SEEDS]   (default 1 seed; 3 or 5 on request)
# Pong, 100k env steps, default preset; an interrupted seed resumes where it stopped.
# Then plots learning_curve.png and losses.png into RESULTS (default runs/results/pong; the
# committed Experiments/results/pong only with RESULTS=Experiments/results/pong).
# Stops, without plotting, when training stops early (train_game.sh exits non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."
export RESULTS=${RESULTS:-runs/results/pong}
Experiments/train_game.sh pong 100k "${1:-1}"
Experiments/plot.sh pong "$RESULTS"
