#!/usr/bin/env bash
# Usage: Experiments/suite.sh [SEEDS]
# Every built-in game with the default preset (Catch at 20k steps: it is learnt far sooner),
# one learning_curve.csv per game, their plots, and Experiments/results/summary.csv with the
# final evaluation of each game (mean and std over seeds, human-normalised where defined).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-3}
declare -A steps=([pong]=100k [breakout]=100k [catch]=20k)
echo "game,seeds,final_return_mean,final_return_std,human_normalized_mean" > Experiments/results/summary.csv.tmp
for game in pong breakout catch; do
    Experiments/train_game.sh "$game" "${steps[$game]}" "$seeds"
    Experiments/plot.sh "$game"
    # The final evaluation is the row with final = 1 (last column).
    awk -F, -v game="$game" -v seeds="$seeds" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $NF == 1 { print game "," seeds "," $col["return_mean"] "," $col["return_std"] "," $col["human_normalized_mean"] }' \
        "Experiments/results/$game/learning_curve.csv" >> Experiments/results/summary.csv.tmp
done
mv Experiments/results/summary.csv.tmp Experiments/results/summary.csv
cat Experiments/results/summary.csv
