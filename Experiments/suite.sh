#!/usr/bin/env bash
# Usage: [RESULTS_ROOT=DIR] Experiments/suite.sh [SEEDS]
# Every built-in game with the default preset (Catch at 20k steps: it is learnt far sooner),
# one learning_curve.csv per game, their plots, and RESULTS_ROOT/summary.csv with the final
# evaluation of each game (mean and std over seeds, human-normalised where defined).
# RESULTS_ROOT defaults to runs/results; RESULTS_ROOT=Experiments/results publishes.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-3}
root=${RESULTS_ROOT:-runs/results}
mkdir -p "$root"
declare -A steps=([pong]=100k [breakout]=100k [catch]=20k)
echo "game,seeds,final_return_mean,final_return_std,human_normalized_mean" > "$root/summary.csv.tmp"
for game in pong breakout catch; do
    RESULTS=$root/$game Experiments/train_game.sh "$game" "${steps[$game]}" "$seeds"
    Experiments/plot.sh "$game" "$root/$game"
    # The final evaluation is the row with final = 1 (last column).
    awk -F, -v game="$game" -v seeds="$seeds" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $NF == 1 { print game "," seeds "," $col["return_mean"] "," $col["return_std"] "," $col["human_normalized_mean"] }' \
        "$root/$game/learning_curve.csv" >> "$root/summary.csv.tmp"
done
mv "$root/summary.csv.tmp" "$root/summary.csv"
cat "$root/summary.csv"
