#!/usr/bin/env bash
# Usage: [RESULTS=DIR] Experiments/train_game.sh GAME STEPS [SEEDS] [PRESET]
# Trains GAME for STEPS env steps with PRESET (default cpu) for seeds 0..SEEDS-1 (default 1),
# resuming any seed whose run was interrupted, then writes into RESULTS (default
# runs/results/GAME, beside the runs, so a user's run never overwrites the committed results;
# RESULTS=Experiments/results/GAME publishes over them): learning_curve.csv (see
# Experiments/README.md), the runs' config.json, metrics and eval CSVs.
# Exits non-zero when a seed stopped before its end (Ctrl-C, divergence, a crash), so `make
# train` and the scripts calling this one stop there instead of plotting.
set -euo pipefail
cd "$(dirname "$0")/.."
game=${1:?game}; steps=${2:?steps}; seeds=${3:-1}; preset=${4:-cpu}
# Ctrl-C reaches iris and this script together: iris checkpoints and exits, then this stops.
trap 'echo "interrupted: run this script again to resume"; exit 130' INT
# IRIS=path runs another binary (the tests run this script with a stand-in).
if [ -z "${IRIS:-}" ]; then make -s build; fi
iris=${IRIS:-.build/release/iris}
results=${RESULTS:-runs/results/$game}
mkdir -p "$results"
runs=()
for ((seed = 0; seed < seeds; seed++)); do
    run=runs/$game-$preset-seed$seed
    runs+=("$run")
    if [ -f "$run/config.json" ]; then
        "$iris" train --resume "$run"
    else
        "$iris" train --env "$game" --steps "$steps" --preset "$preset" --seed "$seed" --run-dir "$run"
    fi
    # Ctrl-C stops `iris train` cleanly (exit 0) before the end: stop here too (non-zero, so
    # nothing after this script runs), and resume later.
    if ! awk -F, 'NR > 1 && $NF == 1 { found = 1 } END { exit !found }' "$run/eval.csv"; then
        echo "$run is not finished (no final evaluation yet): run this script again to resume it"
        exit 3
    fi
    cp "$run/metrics.csv" "$results/metrics_seed$seed.csv"
    cp "$run/eval.csv" "$results/eval_seed$seed.csv"
done
cp "${runs[0]}/config.json" "$results/config.json"
"$iris" curve "${runs[@]}" --out "$results/learning_curve.csv"
