#!/usr/bin/env bash
# Usage: Experiments/bench.sh [THREADS]   (default 2)
# Runs every `iris bench` (core ops, env, tokenizer, world model, agent at the cpu preset and
# at issue #6's reference configuration) and writes Experiments/results/bench.csv:
# component, preset, threads, measurement, ms (per step or op; median or best as the bench
# reports it), gflops (where the bench counts FLOPs), plus each bench's full text in
# results/bench/*.txt. Benchmarks on a busy machine are slow: compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
make -s build
iris=.build/release/iris
out=Experiments/results/bench
mkdir -p "$out"
csv=Experiments/results/bench.csv
echo "component,preset,threads,measurement,ms,gflops" > "$csv"

"$iris" bench core --threads "$threads" | tee "$out/core.txt"
# Rows: op name (may contain spaces) then fwd ms, fwd GF/s, fwd+bwd ms, f+b GF/s, ...
awk -v t="$threads" 'NR > 2 && NF >= 8 { n = NF; name = $1; for (i = 2; i <= n - 7; i++) name = name " " $i;
    print "core,-," t ",\"" name " fwd+bwd\"," $(n-4) "," $(n-3) }' "$out/core.txt" >> "$csv"

"$iris" bench env | tee "$out/env.txt"
awk 'NR > 1 && NF >= 3 { printf "env,%s,1,single env step,%.5f,\n", $1, 1000 / $2 }' "$out/env.txt" >> "$csv"

for preset in cpu paper; do
    "$iris" bench tokenizer --preset "$preset" --threads "$threads" --frames 64 --repeats 2 | tee "$out/tokenizer-$preset.txt"
    awk -v p="$preset" -v t="$threads" '/^training step/ { for (i = 1; i <= NF; i++) if ($i == "s") print "tokenizer," p "," t ",training step," 1000 * $(i-1) ","; }
        /^encode\+decode/ { for (i = 1; i <= NF; i++) if ($i == "ms/frame)") print "tokenizer," p "," t ",encode+decode per frame," $(i-1) "," }' \
        "$out/tokenizer-$preset.txt" >> "$csv"
    "$iris" bench worldmodel --preset "$preset" --threads "$threads" | tee "$out/worldmodel-$preset.txt"
    awk -v p="$preset" -v t="$threads" '/^training step/ { for (i = 1; i <= NF; i++) if ($i == "mean") print "world_model," p "," t ",training step," 1000 * $(i+1) ","; }
        /^imagination/ { for (i = 1; i <= NF; i++) if ($i == "ms/step,") print "world_model," p "," t ",imagined step (batch 64)," $(i-1) "," }' \
        "$out/worldmodel-$preset.txt" >> "$csv"
done

for preset in cpu reference; do
    "$iris" bench agent --preset "$preset" --threads "$threads" | tee "$out/agent-$preset.txt"
    awk -v p="$preset" -v t="$threads" -F': ' '/ step: / { sub(/ s$/, "", $2); print "agent," p "," t ",\"" $1 "\"," 1000 * $2 "," }' \
        "$out/agent-$preset.txt" >> "$csv"
done
cat "$csv"
