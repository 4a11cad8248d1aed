#!/usr/bin/env bash
# Usage: Experiments/pong_100k.sh [SEEDS]   (default 1 seed; 3 or 5 on request)
# Pong, 100k env steps, default preset; an interrupted seed resumes where it stopped.
# Then plots: Experiments/results/pong/learning_curve.png and losses.png.
set -euo pipefail
cd "$(dirname "$0")/.."
Experiments/train_game.sh pong 100k "${1:-1}"
[ -f Experiments/results/pong/learning_curve.csv ] && Experiments/plot.sh pong
