#!/usr/bin/env bash
# Usage: Experiments/catch_learning.sh [SEED] [RUN_DIR] [iris train options: --threads 1, --set k=v (these win)]
# The end-to-end learning check: the tiny preset, scaled up a little, on Catch (10 balls per
# episode: return -10..10, uniformly random play about -6). Every component trains from
# scratch; the evaluation return (eval.csv) should climb from random towards +10 within
# tens of minutes. Writes the run to RUN_DIR (default runs/catch-learning-seed<SEED>) and prints
# its eval.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-0}
run=${2:-runs/catch-learning-seed$seed}
make -s build
iris=.build/release/iris
if [ -f "$run/config.json" ]; then
    "$iris" train --resume "$run" "${@:3}"
else
    "$iris" train --env catch --preset tiny --seed "$seed" --run-dir "$run" \
        --set common.envSteps=10000 --set common.extraEpochs=0 --set collection.stepsPerEpoch=100 \
        --set tokenizer.codeRevivalSteps=50 --set tokenizer.foregroundWeight=20 --set tokenizer.reconstructionL2Weight=4 \
        --set training.tokenizer.startAfterEpochs=1 --set training.tokenizer.stepsPerEpoch=50 \
        --set training.tokenizer.stopAfterEpochs=20 \
        --set worldModel.maxBlocks=6 --set worldModel.layers=3 --set worldModel.embeddingWidth=128 \
        --set worldModel.heads=4 --set worldModel.batchSize=32 --set worldModel.learningRate=1e-3 \
        --set training.worldModel.startAfterEpochs=20 --set training.worldModel.stepsPerEpoch=60 \
        --set actorCritic.lstmWidth=64 --set actorCritic.tokenProjectionWidth=16 --set actorCritic.batchSize=16 \
        --set actorCritic.horizon=12 --set actorCritic.learningRate=1e-3 \
        --set training.actorCritic.startAfterEpochs=40 --set training.actorCritic.stepsPerEpoch=60 \
        --set evaluation.every=10 --set evaluation.episodes=8 --set evaluation.envs=4 \
        --set evaluation.finalEpisodes=16 --set evaluation.mediaEvery=10 "${@:3}"
fi
cat "$run/eval.csv"
