#!/usr/bin/env bash
# Usage: Experiments/catch_discount.sh [BASE_RUN] [GAMMAS] [iris train options, e.g. --threads 1]
# Does the actor-critic learn Catch in imagination, and with which discount? Trains (or reuses)
# BASE_RUN (default runs/catch-discount-base): results/catch-discount/base_config.json, the
# tiny preset on Catch with IRIS's gamma 0.995, 100 epochs. Then forks it once per gamma
# (default "0.995 0.99 0.98 0.95") at its last checkpoint with the world model frozen, 100
# actor-critic steps per epoch and an 8-episode evaluation every 2 epochs, for 30 epochs, and
# writes results/catch-discount/eval_gamma<G>.csv and discount.csv (epoch, one evaluation
# mean per gamma). Each fork takes about 10 minutes on one free core.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-runs/catch-discount-base}
gammas=${2:-0.995 0.99 0.98 0.95}
make -s build
iris=.build/release/iris
out=Experiments/results/catch-discount
if [ ! -f "$base/checkpoints/last/agent.safetensors" ] || ! grep -q ",1$" "$base/eval.csv"; then
    if [ -f "$base/config.json" ]; then
        "$iris" train --resume "$base" "${@:3}"
    else
        "$iris" train --preset tiny --config "$out/base_config.json" --run-dir "$base" "${@:3}"
    fi
fi
epochs=$(tail -1 "$base/eval.csv" | cut -d, -f1)
for gamma in $gammas; do
    fork="$base-gamma$gamma"
    if [ -f "$fork/config.json" ]; then
        "$iris" train --resume "$fork" "${@:3}"
    else
        "$iris" train --fork "$base" --run-dir "$fork" --steps $(( (epochs + 30) * 100 )) \
            --set actorCritic.gamma="$gamma" --set training.worldModel.stopAfterEpochs="$epochs" \
            --set training.actorCritic.stepsPerEpoch=100 --set evaluation.every=2 "${@:3}"
    fi
    # Rows after the fork point, final evaluation excluded.
    awk -F, -v e="$epochs" 'NR == 1 || ($1 > e && $NF == 0)' "$fork/eval.csv" > "$out/eval_gamma$gamma.csv"
done
# One row per evaluation epoch: the mean return of each gamma's fork.
{
    printf "epoch"; for gamma in $gammas; do printf ",gamma_%s" "$gamma"; done; echo
    for gamma in $gammas; do tail -n +2 "$out/eval_gamma$gamma.csv" | cut -d, -f1; done | sort -nu | while read -r epoch; do
        printf "%s" "$epoch"
        for gamma in $gammas; do
            printf ",%s" "$(awk -F, -v e="$epoch" '$1 == e { print $4 }' "$out/eval_gamma$gamma.csv")"
        done
        echo
    done
} > "$out/discount.csv"
cat "$out/discount.csv"
if ! command -v gnuplot >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -q --no-install-recommends gnuplot-nox
fi
columns=$(( $(echo $gammas | wc -w) + 1 ))
gnuplot <<GNUPLOT
set datafile separator ','
set datafile columnheaders
set datafile missing ''
set terminal pngcairo size 800,480 font 'sans,11' noenhanced
set output '$out/discount.png'
set title 'Catch: evaluation return after forking one run (world model frozen), by discount'
set xlabel 'epoch (100 actor-critic steps each after the fork)'
set ylabel 'return (8 episodes, temperature 0.5)'
set yrange [-10:10]
set key bottom right
set grid
plot for [i=2:$columns] '$out/discount.csv' using 1:i with linespoints title columnhead(i), \
    -6.02 title 'random (-6.02)' lw 1 dt 2 lc rgb '#888888'
GNUPLOT
echo "wrote $out/discount.png"
