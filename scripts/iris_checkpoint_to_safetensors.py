#!/usr/bin/env python3
"""Turn an IRIS checkpoint (a torch.save'd Agent state_dict, e.g. IRIS's checkpoints/last.pt or
a published agent) into an iris run directory that `iris eval` and `iris watch` can read:

    python3 scripts/iris_checkpoint_to_safetensors.py last.pt --game pong --run-dir runs/iris-pong

writes RUN_DIR/config.json (IRIS's settings: the `paper` preset, with --game; or --config FILE,
an iris config.json), RUN_DIR/checkpoints/last/agent.safetensors and its checksums.json
(Sources/Agent/Checkpoint.swift). Every tensor keeps its IRIS name; iris checks IRIS's buffers
(attention masks, head indices) against its own model and skips tokenizer.lpips.* on load
(IrisAgent.irisExtras). Needs torch to read the .pt file (weights_only, no pickled code runs).
"""

import argparse
import json
import os
import struct
import sys

import numpy as np

DTYPES = {np.dtype("float32"): "F32", np.dtype("int64"): "I64", np.dtype("int32"): "I32", np.dtype("uint8"): "U8"}


def fnv1a64(data: bytes) -> str:
    """FNV-1a 64 as hex, the checksum iris keeps for each checkpoint file (Sources/Env/FNV1a.swift)."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def safetensors_bytes(tensors: dict) -> bytes:
    """The safetensors encoding of name -> numpy array (names sorted, header padded to 8 bytes)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        elif array.dtype.kind == "f":
            array = array.astype(np.float32)  # F16/BF16/F64 weights: iris computes in float32
        if array.dtype not in DTYPES:
            raise SystemExit(f"{name}: unsupported dtype {array.dtype}")
        blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def load_state_dict(path: str) -> dict:
    """name -> numpy array from an IRIS .pt file (a state_dict, or a dict holding one)."""
    import torch  # only here: the rest of the script (and its test) runs without torch

    state = torch.load(path, map_location="cpu", weights_only=True)
    if isinstance(state, dict) and "agent" in state and isinstance(state["agent"], dict):
        state = state["agent"]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise SystemExit(f"{path}: expected a state_dict of tensors (IRIS's Agent.state_dict())")
    # DataParallel-style prefixes, which IRIS does not write but other tools do.
    return {k.removeprefix("module."): v.detach().cpu().float().numpy() if v.is_floating_point() else v.cpu().numpy()
            for k, v in state.items()}


def write_run(state: dict, run_dir: str, config: dict) -> None:
    """A run directory holding `state` as its last checkpoint's weights."""
    if os.path.exists(run_dir) and os.listdir(run_dir):
        raise SystemExit(f"{run_dir} exists and is not empty: choose another --run-dir")
    prefixes = {name.split(".", 1)[0] for name in state}
    if not prefixes <= {"tokenizer", "world_model", "actor_critic"}:
        raise SystemExit(f"unexpected top-level names {sorted(prefixes)}: not an IRIS Agent state_dict")
    last = os.path.join(run_dir, "checkpoints", "last")
    os.makedirs(last)
    weights = safetensors_bytes(state)
    with open(os.path.join(last, "agent.safetensors"), "wb") as f:
        f.write(weights)
    with open(os.path.join(last, "checksums.json"), "w") as f:
        json.dump({"agent.safetensors": fnv1a64(weights)}, f, indent=2, sort_keys=True)
    with open(os.path.join(run_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", help="IRIS .pt file (torch.save of Agent.state_dict())")
    parser.add_argument("--run-dir", required=True, help="run directory to create")
    parser.add_argument("--game", help="the game the agent plays (iris envs), e.g. pong")
    parser.add_argument("--config", help="an iris config.json to use instead of the paper preset (sets the game)")
    args = parser.parse_args()
    if args.config:
        with open(args.config) as f:
            config = json.load(f)
        if args.game:
            config.setdefault("env", {})["game"] = args.game
    elif args.game:
        # Keys omitted here take iris's defaults, which are IRIS's paper settings
        # (RunDirectory.readConfig reads config.json over the paper preset).
        config = {"env": {"game": args.game}}
    else:
        raise SystemExit("give --game (IRIS's settings) or --config")
    state = np.load(args.checkpoint, allow_pickle=False) if args.checkpoint.endswith(".npz") else load_state_dict(args.checkpoint)
    write_run(dict(state), args.run_dir, config)
    skipped = sum(1 for name in state if name.startswith("tokenizer.lpips."))
    print(f"wrote {args.run_dir}: {len(state)} tensors ({skipped} tokenizer.lpips.* that iris skips); "
          f"try: iris eval {args.run_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
