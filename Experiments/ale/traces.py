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
    """Frames (N, 210, 160, 3) uint8 after each of N actions, with rewards and lives."""

    def __init__(self, frames, rewards, lives):
        self.frames, self.rewards, self.lives = frames, np.asarray(rewards), np.asarray(lives)


def run_ale(game, actions, seed=0):
    """ALE's `<Game>NoFrameskip-v4`: minimal actions, repeat_action_probability 0."""
    import ale_py
    from ale_py import roms

    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setInt("random_seed", seed)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.loadROM(roms.get_rom_path(game))
    ale.reset_game()
    minimal = ale.getMinimalActionSet()
    frames = np.empty((len(actions), HEIGHT, WIDTH, 3), np.uint8)
    rewards, lives = [], []
    for t, a in enumerate(actions):
        rewards.append(ale.act(minimal[a]))
        frames[t] = ale.getScreenRGB()
        lives.append(ale.lives())
        if ale.game_over():
            frames, rewards, lives = frames[: t + 1], rewards, lives
            break
    return Trace(frames, rewards, lives)


def run_iris(game, actions, seed=0):
    """`iris trace`: the bare built-in game, one action per raw frame."""
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "actions.txt")
        out = os.path.join(tmp, "frames.rgb")
        with open(script, "w") as f:
            f.write(" ".join(str(int(a)) for a in actions))
        table = subprocess.run(
            [iris_binary(), "trace", "--env", game, "--seed", str(seed), "--actions", script, "--out", out],
            check=True, capture_output=True, text=True).stdout
        frames = np.fromfile(out, np.uint8).reshape(-1, HEIGHT, WIDTH, 3)
    rows = [line.split(",") for line in table.strip().splitlines()[1:]]
    rewards = [int(r[2]) for r in rows]
    lives = [int(r[3]) for r in rows]
    over = [int(r[4]) for r in rows]
    end = over.index(1) + 1 if 1 in over else len(rows)
    return Trace(frames[:end], rewards[:end], lives[:end])


def hold(segments):
    """An action script from (action, frames) pairs."""
    return [a for a, n in segments for _ in range(n)]


def random_script(frames, action_count, seed, repeat=4):
    """Uniform random actions, each held `repeat` frames (an agent at frameskip 4)."""
    rng = np.random.default_rng(seed)
    steps = rng.integers(action_count, size=(frames + repeat - 1) // repeat)
    return list(np.repeat(steps, repeat)[:frames])
