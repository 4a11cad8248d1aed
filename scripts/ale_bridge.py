#!/usr/bin/env python3
"""One Arcade Learning Environment game behind a pipe, for iris's `ale:<rom>` games.

Sources/Env/ALEBridge.swift starts `python3 scripts/ale_bridge.py <rom id> <screens file>` and
speaks the binary protocol below over the child's stdin/stdout. Screens do not cross the pipe:
ALE writes them straight into the screens file, which both sides map (2 x height x width x 3
bytes: the previous screen, then the last), so a reply is a few bytes. ALE runs at frameskip 1 with
repeat_action_probability 0: no-op starts, frame skip and max-pool, episodic life, sticky
actions, time limits and the resize are iris's own wrappers, the same for built-in games.
`python3 scripts/ale_bridge.py --list` prints every ROM id with its minimal action set instead.

Protocol (little-endian):
  handshake, bridge -> iris: b"IRISALE1", then u8 status.
    status 0: u16 width, u16 height, u8 n, n x u8 minimal action ids (ALE's), i32 lives, u8 over
    status 1: u32 length, UTF-8 message; the bridge then exits with status 1.
  commands, iris -> bridge: 9 bytes each, u8 op + u64 argument.
    'R' seed: seeded reset (reloads the ROM with the seed, skipped if already loaded with it),
    'r' 0:    reset_game(),                           reply u8 0, i32 lives, u8 over
    's' id:   act(id) for one frame, id in 0..17,     reply u8 0, i32 reward, i32 lives, u8 over
    'm' ids:  an agent step: u8 n (1..7) then n action ids, one per frame, in the argument's
              bytes; stops after a frame that ends the game.
              reply u8 0, i32 summed reward, u8 frames run, i32 lives, u8 over; the last
              frame's screen is in the file's last slot and, if all n ran and n >= 2, the screen
              before it in the previous slot
    'f' 0:    the screen into the last slot,          reply u8 0
    'q' 0:    exit 0 (so does end of input)
  a command that fails replies u8 1, u32 length, UTF-8 message, and the bridge exits with status 1.
"""
import os
import struct
import sys

MAGIC = b"IRISALE1"
COMMAND = struct.Struct("<BQ")
STEP_REPLY = struct.Struct("<BiiB")
RUN_REPLY = struct.Struct("<BiBiB")
RESET_REPLY = struct.Struct("<BiB")


def ale_seed(seed):
    """ALE's random_seed is a non-negative int32."""
    return seed & 0x7FFFFFFF


def write_all(fd, *parts):
    """One writev for all parts: a reply in two writes could wake iris twice."""
    views = [memoryview(part).cast("B") for part in parts]
    while views:
        written = os.writev(fd, views)
        while views and written >= len(views[0]):
            written -= len(views[0])
            views.pop(0)
        if views and written:
            views[0] = views[0][written:]


def fail(fd, message, header=False):
    """Reports `message` in the protocol (after the magic when still in the handshake) and exits."""
    data = message.encode("utf-8", "replace")
    write_all(fd, (MAGIC if header else b"") + struct.pack("<BI", 1, len(data)) + data)
    sys.exit(1)


def load_ale():
    """ale_py, or None with the reason."""
    try:
        import ale_py
        from ale_py import roms
        import numpy
    except ImportError as error:
        return None, (f"ale-py is not installed for {sys.executable} ({error}); "
                      "run `make ale` in the iris checkout, or set IRIS_PYTHON to a python3 that has it")
    return (ale_py, roms, numpy), None


def runnable_roms(ale_py, roms):
    """The ROM ids ale-py ships that ALE can run: loading one it has no settings for (combat,
    joust, maze_craze, warlords in 0.12.1) exits the whole process from C++."""
    probe = ale_py.ALEInterface()
    probe.setLoggerMode(ale_py.LoggerMode.Error)
    return [rom for rom in roms.get_all_rom_ids() if probe.isSupportedROM(roms.get_rom_path(rom))]


def new_interface(ale_py, roms, rom, seed):
    ale = ale_py.ALEInterface()
    ale.setLoggerMode(ale_py.LoggerMode.Error)
    ale.setInt("random_seed", ale_seed(seed))
    ale.setFloat("repeat_action_probability", 0.0)
    ale.setInt("frame_skip", 1)
    ale.loadROM(roms.get_rom_path(rom))
    ale.reset_game()
    return ale


def serve(rom, screens_path, fd_in, fd_out, state):
    modules, problem = load_ale()
    if problem:
        fail(fd_out, problem, header=True)
    ale_py, roms, np = modules
    known = runnable_roms(ale_py, roms)
    if rom not in known:
        fail(fd_out, f"unknown ALE ROM '{rom}'; ale-py {ale_py.__version__} has: {', '.join(known)}", header=True)
    loaded_seed = 0
    ale = new_interface(ale_py, roms, rom, loaded_seed)
    height, width = ale.getScreenDims()
    minimal = [int(a.value) for a in ale.getMinimalActionSet()]
    # Mapped before the handshake: iris unlinks the file once it has the handshake.
    screens = np.memmap(screens_path, np.uint8, mode="r+", shape=(2, height, width, 3))
    previous, screen = screens[0], screens[1]
    write_all(fd_out, MAGIC, struct.pack("<BHHB", 0, width, height, len(minimal)), bytes(minimal),
              struct.pack("<iB", ale.lives(), ale.game_over()))
    state["handshaken"] = True

    actions = [ale_py.Action(i) for i in range(18)]
    ok = b"\x00"
    command = bytearray(COMMAND.size)
    view = memoryview(command)
    stdin = os.fdopen(fd_in, "rb", buffering=0)
    while True:
        got = 0
        while got < len(command):
            count = stdin.readinto(view[got:])
            if not count:
                return  # iris closed the pipe: it is done with this game
            got += count
        op, argument = COMMAND.unpack(command)
        if op == 0x73:  # 's'
            if argument >= 18:
                fail(fd_out, f"action id {argument} is not an ALE action (0..17)")
            reward = ale.act(actions[argument])
            write_all(fd_out, STEP_REPLY.pack(0, int(reward), ale.lives(), ale.game_over()))
        elif op == 0x6D:  # 'm': a whole agent step in one exchange (Sources/Env/MaxAndSkip.swift)
            count = argument & 0xFF
            ids = [(argument >> (8 * (index + 1))) & 0xFF for index in range(count)]
            if not 1 <= count <= 7 or max(ids) >= 18:
                fail(fd_out, f"bad frame run {command.hex()}: 1..7 ALE action ids (0..17) expected")
            total, ran = 0, 0
            for index, action in enumerate(ids):
                total += ale.act(actions[action])
                ran += 1
                if ale.game_over():
                    break
                if index == count - 2:
                    ale.getScreenRGB(previous)
            ale.getScreenRGB(screen)
            write_all(fd_out, RUN_REPLY.pack(0, int(total), ran, ale.lives(), ale.game_over()))
        elif op == 0x66:  # 'f'
            ale.getScreenRGB(screen)
            write_all(fd_out, ok)
        elif op == 0x72:  # 'r'
            ale.reset_game()
            write_all(fd_out, RESET_REPLY.pack(0, ale.lives(), ale.game_over()))
        elif op == 0x52:  # 'R'
            # Reloading costs ~130 ms, so only a new seed reloads (as gymnasium's reset(seed=...)).
            if ale_seed(argument) != loaded_seed:
                loaded_seed = ale_seed(argument)
                ale = new_interface(ale_py, roms, rom, loaded_seed)
            else:
                ale.reset_game()
            write_all(fd_out, RESET_REPLY.pack(0, ale.lives(), ale.game_over()))
        elif op == 0x71:  # 'q'
            return
        else:
            fail(fd_out, f"unknown bridge command {op:#x}")


def list_roms():
    """Prints `rom id<TAB>lives<TAB>action ids` per ROM, or the reason on stderr with status 1.

    Loading a ROM takes ~130 ms, so the table is cached per ale-py version (in
    $XDG_CACHE_HOME/iris, else ~/.cache/iris) and only the first listing takes ~15 s."""
    modules, problem = load_ale()
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)
    ale_py, roms, _ = modules
    cache_dir = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "iris")
    cache = os.path.join(cache_dir, f"ale-py-{ale_py.__version__}-roms.tsv")
    try:
        with open(cache) as f:
            sys.stdout.write(f.read())
        return
    except OSError:
        pass
    lines = []
    for rom in runnable_roms(ale_py, roms):
        ale = new_interface(ale_py, roms, rom, 0)
        ids = " ".join(str(int(a.value)) for a in ale.getMinimalActionSet())
        lines.append(f"{rom}\t{ale.lives()}\t{ids}\n")
    table = "".join(lines)
    sys.stdout.write(table)
    try:
        os.makedirs(cache_dir, exist_ok=True)
        with open(cache + ".tmp", "w") as f:
            f.write(table)
        os.replace(cache + ".tmp", cache)
    except OSError as error:
        print(f"could not cache the ROM table in {cache}: {error}", file=sys.stderr)


def main(argv):
    if argv[1:2] == ["--list"]:
        list_roms()
        return 0
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    # The protocol gets its own descriptor; fd 1 then points at stderr, so that anything the
    # emulator or Python prints cannot corrupt it.
    fd_out = os.dup(1)
    os.dup2(2, 1)
    state = {"handshaken": False}
    try:
        serve(argv[1], argv[2], 0, fd_out, state)
    except Exception as error:  # reported in the protocol, so iris can name the cause
        fail(fd_out, f"the ALE bridge failed: {type(error).__name__}: {error}", header=not state["handshaken"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
