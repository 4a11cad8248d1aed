#!/usr/bin/env bash
# Usage: Experiments/plot.sh GAME [DIR]   (DIR default Experiments/results/GAME)
# DIR/learning_curve.csv -> learning_curve.png (evaluation return vs env
# steps: mean over seeds with a +-std band, random and human levels as lines where known), and
# metrics_seed0.csv -> losses.png (each model's total loss per epoch). Needs gnuplot (Debian:
# gnuplot-nox), installed here if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
game=${1:?game}
dir=${2:-Experiments/results/$game}
if ! command -v gnuplot >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -q --no-install-recommends gnuplot-nox
fi
case "$game" in
    pong) random=-20.7; human=14.6 ;;
    breakout) random=1.7; human=30.5 ;;
    catch|catch-*) random=-6.02; human="" ;;  # iris eval --env catch --episodes 100 (no human reference)
    *) random=""; human="" ;;
esac
levels=""
if [ -n "$random" ]; then
    levels=", $random title 'random ($random)' lw 1 dt 2 lc rgb '#888888'"
fi
if [ -n "$human" ]; then
    levels="$levels, $human title 'human ($human)' lw 1 dt 3 lc rgb '#2a7f2a'"
fi
gnuplot <<GNUPLOT
set datafile separator ','
set datafile columnheaders
set terminal pngcairo size 800,480 font 'sans,11'
set output '$dir/learning_curve.png'
set title '$game: evaluation return (mean ± std over seeds)'
set xlabel 'env steps'
set ylabel 'return'
set key top left
set grid
plot '$dir/learning_curve.csv' using (column('final') == 0 ? column('env_steps') : 1/0):(column('return_mean') - column('return_std')):(column('return_mean') + column('return_std')) with filledcurves fc rgb '#c6dbef' title '± std', \
     '' using (column('final') == 0 ? column('env_steps') : 1/0):(column('return_mean')) with linespoints lw 2 pt 7 ps 0.6 lc rgb '#08519c' title 'mean'$levels
set output '$dir/losses.png'
set title '$game: training losses (seed 0)'
set xlabel 'epoch'
set ylabel 'total loss'
set logscale y
plot '$dir/metrics_seed0.csv' using 1:(column('tokenizer/train/total_loss')) with lines lw 2 title 'tokenizer', \
     '' using 1:(column('world_model/train/total_loss')) with lines lw 2 title 'world model', \
     '' using 1:(abs(column('actor_critic/train/total_loss'))) with lines lw 2 title '|actor-critic|'
GNUPLOT
echo "wrote $dir/learning_curve.png and $dir/losses.png"
