"""Breakout: ALE (ale-py) against iris, frame by frame, read off the frames with the same code.

    IRIS=.build/release/iris python3 Experiments/ale/breakout.py   # prints the table, writes breakout_table.txt
    python3 Experiments/ale/breakout.py --golden Tests/EnvTests/Fixtures   # rewrites the golden traces

The rules these checks found are in Experiments/ale/README.md ("Breakout") and in
Sources/Env/Breakout*.swift.
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import traces  # noqa: E402

GAME = "breakout"
NOOP, FIRE, RIGHT, LEFT = 0, 1, 2, 3
RED = (200, 72, 72)  # ball, paddle and top brick row
HERE = os.path.dirname(os.path.abspath(__file__))


# MARK: - Reading a frame

def read_frame(frame):
    """(paddle_x, ball_x, ball_y, bricks_left) of one 210x160x3 frame; None where not seen."""
    red = np.all(frame == RED, axis=2)
    # The paddle: the widest red run on row 190 that starts left of the right wall's red corner.
    row = red[190, :152]
    paddle, best = None, 3
    x = 8
    while x < 152:
        if row[x]:
            start = x
            while x < 160 and red[190, x]:
                x += 1
            if x - start > best:
                paddle, best = start, x - start
        x += 1
    ball = red[32:196, 8:152].copy()
    if paddle is not None:
        ball[189 - 32:193 - 32, max(0, paddle - 8):paddle - 8 + best] = False
    for column in range(18):  # red bricks of the top row are not the ball
        cell = ball[57 - 32:63 - 32, 8 * column:8 * column + 8]
        if cell.all():
            cell[:] = False
    ys, xs = np.nonzero(ball)
    ball_x = int(xs.min()) + 8 if len(xs) else None
    ball_y = int(ys.min()) + 32 if len(ys) else None
    bricks = int(np.any(frame[60:96:6, 12:152:8] != 0, axis=2).sum())
    return paddle, ball_x, ball_y, bricks


def read_trace(trace):
    """Per frame: paddle, ball x, ball y, bricks left, score so far, lives."""
    rows, score = [], 0
    for frame, reward, lives in zip(trace.frames, trace.rewards, trace.lives):
        score += int(reward)
        rows.append(read_frame(frame) + (score, int(lives)))
    return rows


# MARK: - Scripts

def paddle_script():
    return traces.hold([(NOOP, 3), (RIGHT, 40), (LEFT, 60), (NOOP, 10), (RIGHT, 12), (LEFT, 5), (NOOP, 10)])


def fire_script(frames=300):
    """FIRE held: a ball is launched as soon as the last one is lost."""
    return [FIRE] * frames


def launch_script(wait):
    return traces.hold([(NOOP, wait), (FIRE, 1), (NOOP, 40)])


def rally_script(frames=400):
    """A fixed script recorded from a player in ALE that follows the ball from its RAM and
    returns it a few times: the same actions replayed in iris must give the same rally."""
    import ale_py
    import ale_py.roms  # noqa: F401

    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.loadROM(ale_py.roms.get_rom_path(GAME))
    ale.reset_game()
    minimal = ale.getMinimalActionSet()
    script = []
    aims = [2, 12, 7, 0, 14, 4, 9]  # where on the paddle to catch the ball, hit after hit
    hits = 0
    for t in range(frames):
        ram = ale.getRAM()
        ball_x, ball_y, paddle = int(ram[99]) - 49, int(ram[101]) + 9, int(ram[72]) - 47
        if ram[101] == 0:
            action = FIRE
        else:
            target = paddle + aims[hits % len(aims)]
            action = LEFT if ball_x < target - 1 else RIGHT if ball_x > target + 1 else NOOP
        script.append(action)
        before = int(ram[103])
        ale.act(minimal[action])
        after = int(ale.getRAM()[103])
        if before < 128 and after >= 128 and ball_y > 150:
            hits += 1
    return script


# MARK: - Checks

def first_difference(a, b):
    for t, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return t
    return None if len(a) == len(b) else min(len(a), len(b))


def lost_ball_frames(rows):
    """Frames from the start to the first lost life, FIRE held."""
    for t, row in enumerate(rows):
        if row[5] < 5:
            return t + 1
    return None


def random_episode_iris(script):
    """Score and frames of one whole game in `iris trace` (frames to /dev/null: only rewards matter)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "actions.txt")
        with open(path, "w") as f:
            f.write(" ".join(str(int(a)) for a in script))
        table = subprocess.run(
            [traces.iris_binary(), "trace", "--env", GAME, "--actions", path, "--out", "/dev/null"],
            check=True, capture_output=True, text=True).stdout
    score = 0
    for line in table.strip().splitlines()[1:]:
        frame, _, reward, _, over = line.split(",")
        score += int(reward)
        if over == "1":
            return score, int(frame)
    raise RuntimeError("iris game did not end within the script")


def random_episode_ale(script):
    import ale_py
    import ale_py.roms  # noqa: F401

    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setFloat("repeat_action_probability", 0.0)
    ale.loadROM(ale_py.roms.get_rom_path(GAME))
    ale.reset_game()
    minimal = ale.getMinimalActionSet()
    score = 0
    for t, a in enumerate(script):
        score += ale.act(minimal[a])
        if ale.game_over():
            return score, t + 1
    raise RuntimeError("ALE game did not end within the script")


def mean_se(values):
    values = np.asarray(values, float)
    return values.mean(), values.std(ddof=1), values.std(ddof=1) / np.sqrt(len(values))


def random_policy(episodes=100, frames=20000):
    """Uniform random actions held 4 frames (an agent at frameskip 4), whole games, same scripts."""
    out = {}
    for side, play in (("ALE", random_episode_ale), ("iris", random_episode_iris)):
        scores, steps = [], []
        for seed in range(episodes):
            score, length = play(traces.random_script(frames, 4, seed))
            scores.append(score)
            steps.append((length + 3) // 4)
        out[side] = (mean_se(scores), mean_se(steps))
    return out


def table():
    lines = ["| measured (frameskip 1, same action script) | ALE | iris |", "|---|---|---|"]

    def add(name, ale, iris):
        lines.append(f"| {name} | {ale} | {iris} |")

    script = paddle_script()
    a = read_trace(traces.run_ale(GAME, script))
    b = read_trace(traces.run_iris(GAME, script))
    pa, pb = [r[0] for r in a], [r[0] for r in b]
    add("paddle x, frames 0-10 holding RIGHT", " ".join(map(str, pa[3:14])), " ".join(map(str, pb[3:14])))
    add("paddle start x / right limit / left limit", f"{pa[0]} / {max(pa)} / {min(pa)}", f"{pb[0]} / {max(pb)} / {min(pb)}")
    diff = first_difference(pa, pb)
    add(f"paddle x over the {len(script)}-frame script", "reference",
        "identical" if diff is None else f"first differs at frame {diff}")

    launches_a, launches_b = [], []
    for wait in range(4):
        s = launch_script(wait)
        ra = read_trace(traces.run_ale(GAME, s))
        rb = read_trace(traces.run_iris(GAME, s))
        launches_a.append(ra[wait][1:3] + (ra[wait + 1][1] - ra[wait][1], ra[wait + 1][2] - ra[wait][2]))
        launches_b.append(rb[wait][1:3] + (rb[wait + 1][1] - rb[wait][1], rb[wait + 1][2] - rb[wait][2]))
        same = [r[1:3] for r in ra] == [r[1:3] for r in rb]
        add(f"launch after {wait} no-ops: ball (x, y, dx, dy); 40 frames identical?",
            str(launches_a[-1]), f"{launches_b[-1]}; {'yes' if same else 'no'}")

    s = fire_script()
    ra, rb = read_trace(traces.run_ale(GAME, s)), read_trace(traces.run_iris(GAME, s))
    add("one lost ball with FIRE held (frames)", lost_ball_frames(ra), lost_ball_frames(rb))
    diff = first_difference([r[:3] + r[5:] for r in ra], [r[:3] + r[5:] for r in rb])
    add(f"FIRE held {len(s)} frames (3 balls): positions and lives", "reference",
        "identical" if diff is None else f"first differs at frame {diff}")

    s = rally_script()
    ra, rb = read_trace(traces.run_ale(GAME, s)), read_trace(traces.run_iris(GAME, s))
    diff = first_difference(ra, rb)
    add(f"scripted rally, {len(s)} frames: positions, bricks, score, lives", f"score {ra[-1][4]}, bricks {ra[-1][3]}",
        f"score {rb[-1][4]}, bricks {rb[-1][3]}; " + ("identical" if diff is None else f"first differs at frame {diff}"))

    rp = random_policy()
    for i, name in ((0, "random policy, 100 games: score"), (1, "random policy, 100 games: agent steps")):
        cells = [f"{m:.2f} +- {sd:.2f} (s.e. {se:.2f})" for (m, sd, se) in (rp["ALE"][i], rp["iris"][i])]
        add(name, *cells)
    return "\n".join(lines)


# MARK: - Golden traces

GOLDEN_COLUMNS = ["frame", "action", "paddle_x", "ball_x", "ball_y", "bricks", "score", "lives"]


def golden(path):
    """Writes ALE's traces of the fixed scripts as CSV for Tests/EnvTests/BreakoutGoldenTests.swift."""
    os.makedirs(path, exist_ok=True)
    for name, script in (("paddle", paddle_script()), ("fire", fire_script()), ("rally", rally_script())):
        rows = read_trace(traces.run_ale(GAME, script))
        with open(os.path.join(path, f"breakout_golden_{name}.csv"), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(GOLDEN_COLUMNS)
            for t, (action, row) in enumerate(zip(script, rows)):
                writer.writerow([t, action] + ["" if v is None else v for v in row])


def main():
    text = table()
    print(text)
    with open(os.path.join(HERE, "breakout_table.txt"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--golden":
        golden(sys.argv[2])
    else:
        main()
