#!/usr/bin/env python3
"""Why the tiny tokenizer could not keep Pong's paddles: a PyTorch copy of its architecture,
trained in one of four forms, on frames saved by `iris frames`.

    iris frames --env pong --steps 600 --train --out /tmp/pong-frames
    python3 Experiments/tokenizer_diagnosis.py /tmp/pong-frames --frames 16 --steps 1000 \
        --form free --loss l2

Forms: `vq` (IRIS's tokenizer), `ae` (no quantiser), `fsq` (finite scalar quantisation:
by default three channels rounded to 8 levels each, 512 codes as IRIS), `free` (the decoder
alone, fed one learned latent grid per frame), and any of them with `--reference` (the encoder
reads the frame minus the mean frame) or `--foreground W` (the error weighs 1 + W on object
pixels). Prints every 250 steps the foreground match (the share of object pixels, those unlike
the median frame, drawn within 0.1 in [0, 1] space) and the share of balls drawn (Pong).
Needs torch, numpy, Pillow.
"""
import argparse
import glob

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

# The tiny preset: TokenizerConfig.tiny.
CHANNELS, MULTIPLIERS, GROUPS, Z, EMBED, VOCAB, BATCH = 16, [1, 1, 1, 2, 2], 8, 32, 32, 64, 16


def norm(c):
    return nn.GroupNorm(GROUPS, c, eps=1e-6)


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2, self.conv2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        return self.shortcut(x) + self.conv2(F.silu(self.norm2(h)))


class Down(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, stride=2)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)))


class Up(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


def encoder():
    layers, width = [nn.Conv2d(3, CHANNELS, 3, padding=1)], CHANNELS
    for level, multiplier in enumerate(MULTIPLIERS):
        layers.append(Residual(width, CHANNELS * multiplier))
        width = CHANNELS * multiplier
        if level < len(MULTIPLIERS) - 1:
            layers.append(Down(width))
    layers += [Residual(width, width), Residual(width, width), norm(width), nn.SiLU(),
               nn.Conv2d(width, Z, 3, padding=1), nn.Conv2d(Z, EMBED, 1)]
    return nn.Sequential(*layers)


def decoder():
    width = CHANNELS * MULTIPLIERS[-1]
    layers = [nn.Conv2d(EMBED, Z, 1), nn.Conv2d(Z, width, 3, padding=1), Residual(width, width), Residual(width, width)]
    for level in reversed(range(len(MULTIPLIERS))):
        for _ in range(2):
            layers.append(Residual(width, CHANNELS * MULTIPLIERS[level]))
            width = CHANNELS * MULTIPLIERS[level]
        if level > 0:
            layers.append(Up(width))
    layers += [norm(width), nn.SiLU(), nn.Conv2d(width, 3, 3, padding=1)]
    return nn.Sequential(*layers)


def foreground_match(frames, reconstructions):
    objects = (frames - frames.median(0).values).abs().amax(1) > 0.1
    kept = ((frames - reconstructions).abs().amax(1) < 0.1) & objects
    return kept.sum().item() / max(objects.sum().item(), 1)


def ball_found(frames, reconstructions):
    """Of the frames with a ball, the share whose reconstruction draws it: at the ball's
    strongest pixel the error is under half the ball's contrast. Pong only: the ball is what
    differs from the median frame between the paddles' columns and below the score.
    Also returns the number of frames with a ball."""
    field = (slice(None), slice(8, 61), slice(10, 54))
    contrast = (frames - frames.median(0).values).abs().amax(1)[field].flatten(1)
    error = (frames - reconstructions).abs().amax(1)[field].flatten(1)
    has_ball = (contrast > 0.1).any(1)
    strongest = contrast.argmax(1, keepdim=True)
    drawn = error.gather(1, strongest)[:, 0] < 0.5 * contrast.gather(1, strongest)[:, 0]
    return (drawn & has_ball).sum().item() / max(has_ball.sum().item(), 1), has_ball.sum().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", help="output of `iris frames` (obs_*.png)")
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--form", choices=["vq", "ae", "fsq", "free"], default="vq")
    parser.add_argument("--loss", choices=["l1", "l2"], default="l1")
    parser.add_argument("--reference", action="store_true")
    parser.add_argument("--warmup", type=int, default=0,
                        help="vq form: steps without the quantiser first; then the codebook starts from encoder outputs")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--levels", default="8,8,8", help="fsq form: levels per channel")
    parser.add_argument("--foreground", type=float, default=0,
                        help="extra weight of the error on pixels unlike the batch's median frame")
    parser.add_argument("--probe", type=int, default=128, help="frames scored")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    files = sorted(glob.glob(f"{args.directory}/obs_*.png"))[1::2][:args.frames]  # every other step
    frames = torch.tensor(np.stack([np.array(Image.open(f).convert("RGB")) for f in files]))
    frames = frames.permute(0, 3, 1, 2).float() / 255
    count = len(frames)
    reference = frames.mean(0, keepdim=True) * 2 - 1 if args.reference else 0

    enc, dec = encoder(), decoder()
    codebook = nn.Embedding(VOCAB, EMBED)
    codebook.weight.data.uniform_(-1 / VOCAB, 1 / VOCAB)
    free = nn.Parameter(torch.randn(count, EMBED, 4, 4))
    levels = [int(v) for v in args.levels.split(",")]
    fsq_in, fsq_out = nn.Conv2d(EMBED, len(levels), 1), nn.Conv2d(len(levels), EMBED, 1)
    channel = lambda values: torch.tensor(values, dtype=torch.float32).view(1, -1, 1, 1)
    # tanh * half - offset spans L integer levels (even L: offset 1/2, so the shift centres it).
    half = channel([(n - 1) / 2 for n in levels])
    offset = channel([0.5 if n % 2 == 0 else 0.0 for n in levels])
    shift = torch.atanh(offset / half)
    scale = channel([n // 2 for n in levels])
    parameters = [*enc.parameters(), *dec.parameters(), *codebook.parameters(), free,
                  *fsq_in.parameters(), *fsq_out.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=args.lr)

    def forward(x, index):
        """Reconstruction in [-1, 1] space and the VQ loss."""
        if args.form == "free":
            return dec(free[index]), torch.zeros(())
        z = enc(x - reference)
        if args.form == "ae" or step <= args.warmup:
            return dec(z), torch.zeros(())
        if args.form == "fsq":
            bounded = torch.tanh(fsq_in(z) + shift) * half - offset
            rounded = bounded + (bounded.round() - bounded).detach()
            return dec(fsq_out(rounded / scale)), torch.zeros(())
        b, e, h, w = z.shape
        flat = z.permute(0, 2, 3, 1).reshape(-1, e)
        distances = (flat ** 2).sum(1, keepdim=True) + (codebook.weight ** 2).sum(1) - 2 * flat @ codebook.weight.t()
        zq = codebook(distances.argmin(1)).reshape(b, h, w, e).permute(0, 3, 1, 2)
        vq = ((z.detach() - zq) ** 2).mean() + ((z - zq.detach()) ** 2).mean()
        return dec(z + (zq - z).detach()), vq

    generator = torch.Generator().manual_seed(args.seed)
    step = 0
    for step in range(1, args.steps + 1):
        if args.form == "vq" and step == args.warmup + 1 and args.warmup > 0:
            with torch.no_grad():  # codes start on encoder outputs of random frames
                z = enc(frames[torch.randint(0, count, (VOCAB,), generator=generator)] * 2 - 1 - reference)
                cells = z.permute(0, 2, 3, 1).reshape(-1, EMBED)
                codebook.weight.copy_(cells[torch.randperm(len(cells), generator=generator)[:VOCAB]])
        index = torch.randint(0, count, (BATCH,), generator=generator)
        x = frames[index] * 2 - 1
        y, vq = forward(x, index)
        error = (y - x).abs() if args.loss == "l1" else (y - x) ** 2
        if args.foreground > 0:  # as TokenizerConfig.foregroundWeight: 0.1 in [-1, 1] space
            foreground = ((x - x.median(0).values).abs().amax(1, keepdim=True) > 0.1).float()
            error = error * (1 + args.foreground * foreground)
        loss = error.mean() + vq
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 10)
        optimizer.step()
        if step % 250 == 0 or step == args.steps:
            probe = torch.arange(min(count, args.probe))
            with torch.no_grad():
                y, _ = forward(frames[probe] * 2 - 1, probe)
            drawn = ((y + 1) / 2).clamp(0, 1)
            match = foreground_match(frames[probe], drawn)
            balls, with_ball = ball_found(frames[probe], drawn)
            print(f"step {step}  loss {loss.item():.5f}  foreground match {match:.3f}  "
                  f"balls drawn {balls:.3f} of {with_ball}", flush=True)


if __name__ == "__main__":
    main()
