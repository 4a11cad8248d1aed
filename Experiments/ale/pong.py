"""Pong, ALE against iris: object positions read off raw frames, scripted checks, golden traces.

    python3 Experiments/ale/pong.py            # the side-by-side table (Experiments/ale/pong_table.txt)
    python3 Experiments/ale/pong.py --golden   # rewrite the golden traces in Tests/EnvTests/Fixtures
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import traces  # noqa: E402

WHITE = (236, 236, 236)
GREEN = (92, 186, 92)
ORANGE = (213, 130, 74)
PLAYFIELD = slice(34, 194)
NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE = range(6)


def _rows(frame, columns, color):
    mask = np.all(frame[:, columns] == color, axis=2).any(axis=1)
    mask[:34] = False
    rows = np.nonzero(mask)[0]
    return (int(rows.min()), int(rows.max())) if len(rows) else (-1, -1)


def positions(frame):
    """(ball x, ball top, agent paddle top, agent bottom, cpu top, cpu bottom); -1 where not drawn.

    A paddle half under a wall reports its visible rows only."""
    ball = np.all(frame[PLAYFIELD] == WHITE, axis=2)
    ys, xs = np.nonzero(ball)
    bx, by = (int(xs.min()), int(ys.min()) + 34) if len(xs) else (-1, -1)
    agent = _rows(frame, slice(140, 144), GREEN)
    cpu = _rows(frame, slice(16, 20), ORANGE)
    return (bx, by) + agent + cpu


def table(trace):
    return np.array(trace.seen, dtype=int).reshape(-1, 6)


def ball_speeds(pos):
    """Per-frame (dx, dy) of the ball on frames where it is drawn on both and not touching a wall."""
    p, q = pos[:-1], pos[1:]
    ok = (p[:, 0] >= 0) & (q[:, 0] >= 0) & (p[:, 1] > 36) & (q[:, 1] > 36) & (p[:, 1] < 188) & (q[:, 1] < 188)
    return q[ok, 0] - p[ok, 0], q[ok, 1] - p[ok, 1]


def serves(pos, rewards):
    """Where the ball is first drawn after reset and after each point: (frame, x, y)."""
    out = []
    for t in range(1, len(pos)):
        if pos[t, 0] >= 0 and pos[t - 1, 0] < 0:
            out.append((t + 1, pos[t, 0], pos[t, 1]))
    return out


def episode_stats(run, episodes, seed0):
    """Random policy (uniform, 4 frames per action) over whole games: (scores, agent steps)."""
    scores, lengths = [], []
    for e in range(episodes):
        script = traces.random_script(40_000, 6, seed=seed0 + e)
        trace = run("pong", script, frames=False)
        scores.append(int(np.sum(trace.rewards)))
        lengths.append(len(trace.rewards) / 4)
    return np.array(scores), np.array(lengths)


SCRIPTS = {
    # The first serve and point against a still paddle.
    "noop": traces.hold([(NOOP, 400)]),
    # Paddle up then down from reset: the knob and the drawn lag.
    "paddle": traces.hold([(NOOP, 10), (RIGHT, 12), (NOOP, 20), (LEFT, 24), (NOOP, 20), (RIGHT, 8), (NOOP, 30)]),
    # Hold up through the first rally: the CPU's return meets a paddle at the top.
    "up": traces.hold([(RIGHT, 600)]),
    # A fixed random agent (frameskip 4) for 600 frames.
    "random": traces.random_script(600, 6, seed=1),
}


def golden(directory):
    for name, script in SCRIPTS.items():
        trace = traces.run_ale("pong", script, reader=positions, frames=False)
        pos = table(trace)
        path = os.path.join(directory, f"pong_golden_{name}.csv")
        with open(path, "w") as f:
            f.write("frame,action,reward,ball_x,ball_y,agent_top,agent_bottom,cpu_top,cpu_bottom\n")
            for t, row in enumerate(pos):
                f.write(f"{t + 1},{script[t]},{int(trace.rewards[t])}," + ",".join(str(v) for v in row) + "\n")
        print("wrote", path)


def compare_scripts():
    lines = []
    for name, script in SCRIPTS.items():
        a, b = table(traces.run_ale("pong", script, reader=positions, frames=False)), table(traces.run_iris("pong", script, reader=positions, frames=False))
        n = min(len(a), len(b))
        same = np.all(a[:n] == b[:n], axis=1)
        first = int(np.argmin(same)) + 1 if not same.all() else None
        lines.append(f"script {name:7s}: {n} frames, {same.sum()} identical"
                     + (f", first difference at frame {first}: ALE {a[first - 1].tolist()} iris {b[first - 1].tolist()}"
                        if first else ""))
    return lines


def dist(values):
    values, counts = np.unique(values, return_counts=True)
    total = counts.sum()
    return " ".join(f"{v}:{c / total:.2f}" for v, c in zip(values, counts))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--golden", action="store_true", help="rewrite the golden traces")
    parser.add_argument("--episodes", type=int, default=100)
    args = parser.parse_args()
    if args.golden:
        golden(os.path.join(traces.REPO, "Tests", "EnvTests", "Fixtures"))
        return
    out = ["Pong: ALE (ale-py, NoFrameskip, repeat_action_probability 0) against iris's built-in game.",
           "Positions read off raw frames by Experiments/ale/pong.py; rerun with `python3 Experiments/ale/pong.py`.", ""]
    out += compare_scripts()
    rows = []
    for side, run in (("ALE", traces.run_ale), ("iris", traces.run_iris)):
        script = traces.random_script(20_000, 6, seed=7)
        trace = run("pong", script, reader=positions, frames=False)
        pos = table(trace)
        dx, dy = ball_speeds(pos)
        first = serves(pos, trace.rewards)
        scores, lengths = episode_stats(run, args.episodes, 1000)
        rows.append((side, dist(np.abs(dx)), dist(np.abs(dy)), first[:1], sorted({s[2] for s in first}),
                     scores, lengths))
    out.append("")
    out.append(f"{'':34s} {'ALE':>40s} {'iris':>40s}")
    labels = ["|dx| px/frame (random, 20k frames)", "|dy| px/frame", "first serve (frame, x, y)",
              "serve rows seen"]
    for i, label in enumerate(labels):
        out.append(f"{label:34s} {str(rows[0][i + 1]):>40s} {str(rows[1][i + 1]):>40s}")
    for side, *_, scores, lengths in rows:
        n = len(scores)
        out.append(f"random policy, {n} games, {side:4s}: score {scores.mean():+.2f} +- {scores.std():.2f} "
                   f"(s.e. {scores.std() / np.sqrt(n):.2f}), length {lengths.mean():.0f} +- {lengths.std():.0f} "
                   f"agent steps (s.e. {lengths.std() / np.sqrt(n):.0f})")
    text = "\n".join(out)
    print(text)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pong_table.txt"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
