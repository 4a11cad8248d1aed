"""Plays a game frame by frame in ALE (ale-py) and in iris with the same action script.

Both sides run at frameskip 1 with no sticky actions and no no-op starts, so frame t of one is
frame t of the other; per-game modules (pong.py, breakout.py) read object positions off the
frames with the same code for both. ale-py is needed here only, never by the build or the tests.
"""
import os
import subprocess
import tempfile

import numpy as np

HEIGHT, WIDTH = 210, 160
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def iris_binary():
    """The release binary `make build` makes, or $IRIS."""
    path = os.environ.get("IRIS", os.path.join(REPO, ".build", "release", "iris"))
    if not os.path.exists(path):
        raise SystemExit(f"no iris binary at {path}: run `make build` or set IRIS")
    return path


class Trace:
    """After each of N actions: the frames (N, 210, 160, 3) uint8 if kept, what a reader saw on
    each frame if one was given, the rewards and the lives."""

    def __init__(self, frames, seen, rewards, lives):
        self.frames, self.seen = frames, seen
        self.rewards, self.lives = np.asarray(rewards), np.asarray(lives)


def run_ale(game, actions, seed=0, reader=None, frames=True):
    """ALE's `<Game>NoFrameskip-v4`: minimal actions, repeat_action_probability 0; stops at game over.

    `reader` maps a (210, 160, 3) frame to what to keep of it; frames=False keeps no frames
    (whole games are 10^4-10^5 frames, 100 KB each)."""
    import ale_py
    from ale_py import roms

    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setInt("random_seed", seed)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.loadROM(roms.get_rom_path(game))
    ale.reset_game()
    minimal = ale.getMinimalActionSet()
    shots, seen, rewards, lives = [], [], [], []
    for a in actions:
        rewards.append(ale.act(minimal[a]))
        if reader or frames:
            screen = ale.getScreenRGB()
            if reader:
                seen.append(reader(screen))
            if frames:
                shots.append(screen)
        lives.append(ale.lives())
        if ale.game_over():
            break
    return Trace(np.array(shots, np.uint8).reshape(-1, HEIGHT, WIDTH, 3), seen, rewards, lives)


def run_iris(game, actions, seed=0, reader=None, frames=True):
    """`iris trace`: the bare built-in game, one action per raw frame; stops at game over."""
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "actions.txt")
        out = os.path.join(tmp, "frames.rgb")
        with open(script, "w") as f:
            f.write(" ".join(str(int(a)) for a in actions))
        command = [iris_binary(), "trace", "--env", game, "--seed", str(seed), "--actions", script]
        table = subprocess.run(command + (["--out", out] if reader or frames else []),
                               check=True, capture_output=True, text=True).stdout
        seen, shots = [], np.zeros((0, HEIGHT, WIDTH, 3), np.uint8)
        if reader or frames:
            written = np.memmap(out, np.uint8, mode="r").reshape(-1, HEIGHT, WIDTH, 3)
            seen = [reader(np.asarray(f)) for f in written] if reader else []
            shots = np.array(written) if frames else shots
            del written
    rows = [line.split(",") for line in table.strip().splitlines()[1:]]
    rewards = [int(r[2]) for r in rows]
    lives = [int(r[3]) for r in rows]
    over = [int(r[4]) for r in rows]
    return Trace(shots, seen, rewards, lives)


def hold(segments):
    """An action script from (action, frames) pairs."""
    return [a for a, n in segments for _ in range(n)]


def random_script(frames, action_count, seed, repeat=4):
    """Uniform random actions, each held `repeat` frames (an agent at frameskip 4)."""
    rng = np.random.default_rng(seed)
    steps = rng.integers(action_count, size=(frames + repeat - 1) // repeat)
    return list(np.repeat(steps, repeat)[:frames])
