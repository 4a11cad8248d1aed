#!/usr/bin/env python3
"""Reference agent steps for Tests/EnvTests/ALEBridgeTests.swift: ale-py driven directly, with
iris's wrappers (Sources/Env/AtariEnv.swift) rewritten here in IRIS's order.

Innermost first: ALE at frameskip 1 with repeat_action_probability 0 (the console), sticky
actions, the time limit, no-op starts, frame skip 4 with the max of the last two frames and
Pillow's BILINEAR resize to 64x64, episodic life. The random draws (no-op counts, sticky
repeats) come from a port of Sources/Env/SeededGenerator.swift with the same seeds and streams,
so the Swift side, through scripts/ale_bridge.py, must give the same observations bit for bit.
As in the Swift wrappers, an episode that ends inside a skip observes its terminal frame alone.

Needs ale-py 0.12.1 (`make ale`) and Pillow. Writes Tests/EnvTests/Fixtures/ale_bridge_<name>.csv:
    python3 Experiments/ale/bridge_fixture.py
Rows: step, action (index into the minimal set; -1 for the first reset), reward, terminated,
truncated, lives, the FNV-1a 64 hash of the observation, and of the next episode's first
observation when the step ended one (its reset has no seed, as VectorEnv's auto-reset).
"""
import os
import sys

import numpy as np
from PIL import Image

MASK = (1 << 64) - 1
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class SeededGenerator:
    """SplitMix64, as Sources/Env/SeededGenerator.swift."""

    def __init__(self, seed, stream=None):
        if stream is None:
            self.state = seed & MASK
        else:
            self.state = SeededGenerator((seed ^ (stream * 0xD1B54A32D192ED03)) & MASK).next()

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, low, high):
        return low + ((((self.next() >> 32) * (high - low + 1)) & MASK) >> 32)

    def unit_interval(self):
        return (self.next() >> 11) * 2.0 ** -53


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


class Console:
    """ale-py at frameskip 1, as scripts/ale_bridge.py serves it: a seeded reset reloads the ROM
    with random_seed = seed mod 2^31, an unseeded one calls reset_game()."""

    def __init__(self, rom):
        import ale_py
        from ale_py import roms
        self.ale_py, self.path = ale_py, roms.get_rom_path(rom)
        self.load(0)
        self.minimal = self.ale.getMinimalActionSet()

    def load(self, seed):
        self.ale = self.ale_py.ALEInterface()
        self.ale.setLoggerMode(self.ale_py.LoggerMode.Error)
        self.ale.setInt("random_seed", seed & 0x7FFFFFFF)
        self.ale.setFloat("repeat_action_probability", 0.0)
        self.ale.setInt("frame_skip", 1)
        self.ale.loadROM(self.path)
        self.ale.reset_game()

    def reset(self, seed):
        if seed is not None:
            self.load(seed)
        else:
            self.ale.reset_game()

    def step(self, action):
        """(reward, game over) of one frame with ALE action id `action` held."""
        return self.ale.act(self.ale_py.Action(action)), self.ale.game_over()

    def screen(self):
        return self.ale.getScreenRGB()

    def lives(self):
        return self.ale.lives()


class Sticky:
    def __init__(self, inner, probability):
        self.inner, self.probability = inner, probability
        self.previous, self.rng = 0, SeededGenerator(0, 2)

    def reset(self, seed):
        if seed is not None:
            self.rng = SeededGenerator(seed, 2)
        self.previous = 0
        self.inner.reset(seed)

    def step(self, action):
        if self.probability == 0 or self.rng.unit_interval() >= self.probability:
            self.previous = action
        reward, over = self.inner.step(self.previous)
        return reward, over, False


class TimeLimit:
    def __init__(self, inner, max_frames):
        self.inner, self.max_frames, self.elapsed = inner, max_frames, 0

    def reset(self, seed):
        self.elapsed = 0
        self.inner.reset(seed)

    def step(self, action):
        reward, terminated, _ = self.inner.step(action)
        self.elapsed += 1
        return reward, terminated, self.elapsed >= self.max_frames and not terminated


class NoopReset:
    def __init__(self, inner, max_noops):
        self.inner, self.max_noops, self.rng = inner, max_noops, SeededGenerator(0, 3)

    def reset(self, seed):
        if seed is not None:
            self.rng = SeededGenerator(seed, 3)
        self.inner.reset(seed)
        if self.max_noops == 0:
            return
        for _ in range(self.rng.uniform(1, self.max_noops)):
            _, terminated, truncated = self.inner.step(0)
            if terminated or truncated:
                self.inner.reset(None)

    def step(self, action):
        return self.inner.step(action)


class MaxAndSkip:
    def __init__(self, inner, console, skip, size, resize_each_frame):
        self.inner, self.console, self.skip = inner, console, skip
        self.size, self.resize_each_frame = size, resize_each_frame

    def resize(self, frame):
        return np.asarray(Image.fromarray(frame).resize((self.size, self.size), Image.BILINEAR))

    def observe(self, previous, last):
        if self.resize_each_frame:
            self.observation = np.maximum(self.resize(previous), self.resize(last))
        else:
            self.observation = self.resize(np.maximum(previous, last))

    def reset(self, seed):
        self.inner.reset(seed)
        last = self.console.screen()
        self.observe(last, last)

    def step(self, action):
        total, terminated, truncated, previous = 0, False, False, None
        for index in range(self.skip):
            reward, terminated, truncated = self.inner.step(action)
            total += reward
            if index == self.skip - 1 or terminated or truncated:
                last = self.console.screen()
                self.observe(last if previous is None else previous, last)
                break
            if index == self.skip - 2:
                previous = self.console.screen()
        return total, terminated, truncated


class EpisodicLife:
    def __init__(self, inner, console, enabled):
        self.inner, self.console, self.enabled = inner, console, enabled
        self.known_lives, self.was_real_end = 0, True

    def reset(self, seed):
        if not self.enabled or self.was_real_end or seed is not None:
            self.inner.reset(seed)
        else:
            _, terminated, truncated = self.inner.step(0)
            if terminated or truncated:
                self.inner.reset(None)
        self.was_real_end = False
        self.known_lives = self.console.lives()

    def step(self, action):
        reward, terminated, truncated = self.inner.step(action)
        self.was_real_end = terminated or truncated
        lives = self.console.lives()
        if self.enabled and 0 < lives < self.known_lives:
            terminated = True
        self.known_lives = lives
        return reward, terminated, truncated


# name: (rom, seed, agent steps, EnvConfig fields); ALEBridgeTests.swift builds the same configs.
SCENARIOS = {
    # Training settings with lives, sticky actions and a short time limit, IRIS's exact resize order.
    "breakout_train": ("breakout", 7, 400, dict(noop_max=30, max_frames=500, episodic_life=True,
                                                sticky=0.25, resize_each_frame=True)),
    # Test settings (one no-op, no episodic life, no sticky actions, max-pool then resize), a 1000-frame limit.
    "pong_test": ("pong", 11, 300, dict(noop_max=1, max_frames=1000, episodic_life=False,
                                        sticky=0.0, resize_each_frame=False)),
}


def play(rom, seed, steps, noop_max, max_frames, episodic_life, sticky, resize_each_frame):
    console = Console(rom)
    chain = EpisodicLife(MaxAndSkip(NoopReset(TimeLimit(Sticky(console, sticky), max_frames), noop_max),
                                    console, 4, 64, resize_each_frame), console, episodic_life)
    # The action script: a SeededGenerator draw per step, so the Swift side could also make it.
    picks = SeededGenerator(seed + 1000)
    chain.reset(seed)
    rows = [(0, -1, 0, 0, 0, console.lives(), fnv1a64(chain.inner.observation.tobytes()), "")]
    for step in range(1, steps + 1):
        index = picks.uniform(0, len(console.minimal) - 1)
        reward, terminated, truncated = chain.step(int(console.minimal[index].value))
        observation, lives = fnv1a64(chain.inner.observation.tobytes()), console.lives()
        after_reset = ""
        if terminated or truncated:
            chain.reset(None)
            after_reset = f"{fnv1a64(chain.inner.observation.tobytes()):016x}"
        rows.append((step, index, reward, int(terminated), int(truncated), lives, observation, after_reset))
    return rows


def main():
    out = os.path.join(REPO, "Tests", "EnvTests", "Fixtures")
    for name, (rom, seed, steps, config) in SCENARIOS.items():
        rows = play(rom, seed, steps, **config)
        path = os.path.join(out, f"ale_bridge_{name}.csv")
        with open(path, "w") as f:
            f.write("step,action,reward,terminated,truncated,lives,observation,reset_observation\n")
            for step, action, reward, terminated, truncated, lives, observation, after in rows:
                f.write(f"{step},{action},{reward},{terminated},{truncated},{lives},{observation:016x},{after}\n")
        ends = sum(1 for r in rows if r[3] or r[4])
        print(f"{path}: {len(rows) - 1} steps, {ends} episode ends, rewards {sum(r[2] for r in rows)}", file=sys.stderr)


if __name__ == "__main__":
    main()
