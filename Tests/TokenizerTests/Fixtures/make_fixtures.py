"""PyTorch reference values for the Swift tokenizer tests.

Run from the repository root:

    pip install torch safetensors
    python3 Tests/TokenizerTests/Fixtures/make_fixtures.py

The script holds its own copy of IRIS's tokenizer (src/models/tokenizer/{nets,tokenizer}.py,
itself taming-transformers' VQGAN encoder/decoder), written from the reference with the same
module names, so its state_dict keys are IRIS's without the `tokenizer.` prefix. It writes:

- `paper_parameters.txt`: every parameter name and shape of the paper configuration, in
  state_dict order (one `name d0,d1,...` per line), and the total count in the header. The Swift tokenizer must list exactly these.
- `tokenizer_small.safetensors`: a small configuration (16x16 frames, 3 levels -> 4x4 = 16
  tokens, 4/8/4 channels with 2 GroupNorm groups so the file stays small; a channel change
  exercises `nin_shortcut`, attention at 8x8 and in the middle): its weights under IRIS's
  names, an input batch `frames` in [0, 1], the pre-quantisation latents `z`, the `tokens`,
  the decoder's raw output `reconstruction` ([-1, 1] space) and the decoded frames `decoded`
  ([0, 1], clamped), the losses, and `grad.<name>` for every parameter after one backward of
  commitment + reconstruction (IRIS's loss without LPIPS).

Everything is float32 on the CPU and seeded, so reruns give identical files.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------
# IRIS's tokenizer (nets.py + tokenizer.py), with the GroupNorm group count as a parameter.

class Config:
    def __init__(self, resolution, in_channels, z_channels, ch, ch_mult, num_res_blocks,
                 attn_resolutions, out_ch, dropout, vocab_size, embed_dim, groups):
        self.__dict__.update(locals())
        del self.__dict__["self"]


def normalize(channels, groups):
    return nn.GroupNorm(num_groups=groups, num_channels=channels, eps=1e-6, affine=True)


def swish(x):
    return x * torch.sigmoid(x)


class ResnetBlock(nn.Module):
    def __init__(self, in_channels, out_channels, dropout, groups):
        super().__init__()
        self.norm1 = normalize(in_channels, groups)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, 1, 1)
        self.norm2 = normalize(out_channels, groups)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1)
        if in_channels != out_channels:
            self.nin_shortcut = nn.Conv2d(in_channels, out_channels, 1, 1, 0)
        self.changes_channels = in_channels != out_channels

    def forward(self, x):
        h = self.conv1(swish(self.norm1(x)))
        h = self.conv2(self.dropout(swish(self.norm2(h))))
        if self.changes_channels:
            x = self.nin_shortcut(x)
        return x + h


class AttnBlock(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.norm = normalize(channels, groups)
        self.q = nn.Conv2d(channels, channels, 1)
        self.k = nn.Conv2d(channels, channels, 1)
        self.v = nn.Conv2d(channels, channels, 1)
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        h_ = self.norm(x)
        q, k, v = self.q(h_), self.k(h_), self.v(h_)
        b, c, h, w = q.shape
        q = q.reshape(b, c, h * w).permute(0, 2, 1)      # b, hw, c
        k = k.reshape(b, c, h * w)                       # b, c, hw
        w_ = torch.bmm(q, k) * (int(c) ** (-0.5))        # b, hw (queries), hw (keys)
        w_ = F.softmax(w_, dim=2)
        v = v.reshape(b, c, h * w)
        h_ = torch.bmm(v, w_.permute(0, 2, 1)).reshape(b, c, h, w)
        return x + self.proj_out(h_)


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, 2, 0)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1), mode="constant", value=0))


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, 1, 1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


def mid_block(channels, config):
    mid = nn.Module()
    mid.block_1 = ResnetBlock(channels, channels, config.dropout, config.groups)
    mid.attn_1 = AttnBlock(channels, config.groups)
    mid.block_2 = ResnetBlock(channels, channels, config.dropout, config.groups)
    return mid


class Encoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        levels = len(config.ch_mult)
        self.conv_in = nn.Conv2d(config.in_channels, config.ch, 3, 1, 1)
        res = config.resolution
        in_ch_mult = (1,) + tuple(config.ch_mult)
        self.down = nn.ModuleList()
        for i_level in range(levels):
            block, attn = nn.ModuleList(), nn.ModuleList()
            block_in = config.ch * in_ch_mult[i_level]
            block_out = config.ch * config.ch_mult[i_level]
            for _ in range(config.num_res_blocks):
                block.append(ResnetBlock(block_in, block_out, config.dropout, config.groups))
                block_in = block_out
                if res in config.attn_resolutions:
                    attn.append(AttnBlock(block_in, config.groups))
            down = nn.Module()
            down.block, down.attn = block, attn
            if i_level != levels - 1:
                down.downsample = Downsample(block_in)
                res //= 2
            self.down.append(down)
        self.mid = mid_block(block_in, config)
        self.norm_out = normalize(block_in, config.groups)
        self.conv_out = nn.Conv2d(block_in, config.z_channels, 3, 1, 1)

    def forward(self, x):
        h = self.conv_in(x)
        for i_level, down in enumerate(self.down):
            for i_block, block in enumerate(down.block):
                h = block(h)
                if len(down.attn) > 0:
                    h = down.attn[i_block](h)
            if i_level != len(self.down) - 1:
                h = down.downsample(h)
        h = self.mid.block_2(self.mid.attn_1(self.mid.block_1(h)))
        return self.conv_out(swish(self.norm_out(h)))


class Decoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        levels = len(config.ch_mult)
        block_in = config.ch * config.ch_mult[levels - 1]
        res = config.resolution // 2 ** (levels - 1)
        self.conv_in = nn.Conv2d(config.z_channels, block_in, 3, 1, 1)
        self.mid = mid_block(block_in, config)
        self.up = nn.ModuleList()
        for i_level in reversed(range(levels)):
            block, attn = nn.ModuleList(), nn.ModuleList()
            block_out = config.ch * config.ch_mult[i_level]
            for _ in range(config.num_res_blocks + 1):
                block.append(ResnetBlock(block_in, block_out, config.dropout, config.groups))
                block_in = block_out
                if res in config.attn_resolutions:
                    attn.append(AttnBlock(block_in, config.groups))
            up = nn.Module()
            up.block, up.attn = block, attn
            if i_level != 0:
                up.upsample = Upsample(block_in)
                res *= 2
            self.up.insert(0, up)   # taming: prepend, so up[i] is level i
        self.norm_out = normalize(block_in, config.groups)
        self.conv_out = nn.Conv2d(block_in, config.out_ch, 3, 1, 1)

    def forward(self, z):
        h = self.conv_in(z)
        h = self.mid.block_2(self.mid.attn_1(self.mid.block_1(h)))
        for i_level in reversed(range(len(self.up))):
            up = self.up[i_level]
            for i_block, block in enumerate(up.block):
                h = block(h)
                if len(up.attn) > 0:
                    h = up.attn[i_block](h)
            if i_level != 0:
                h = up.upsample(h)
        return self.conv_out(swish(self.norm_out(h)))


class Tokenizer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.vocab_size = config.vocab_size
        self.encoder = Encoder(config)
        self.pre_quant_conv = nn.Conv2d(config.z_channels, config.embed_dim, 1)
        self.embedding = nn.Embedding(config.vocab_size, config.embed_dim)
        self.post_quant_conv = nn.Conv2d(config.embed_dim, config.z_channels, 1)
        self.decoder = Decoder(config)
        self.embedding.weight.data.uniform_(-1.0 / config.vocab_size, 1.0 / config.vocab_size)

    def encode(self, x):
        z = self.pre_quant_conv(self.encoder(x))
        b, e, h, w = z.shape
        flat = z.permute(0, 2, 3, 1).reshape(-1, e)
        distances = (torch.sum(flat ** 2, dim=1, keepdim=True) + torch.sum(self.embedding.weight ** 2, dim=1)
                     - 2 * torch.matmul(flat, self.embedding.weight.t()))
        tokens = distances.argmin(dim=-1)
        z_q = self.embedding(tokens).reshape(b, h, w, e).permute(0, 3, 1, 2).contiguous()
        return z, z_q, tokens

    def compute_loss(self, frames):
        x = frames * 2 - 1
        z, z_q, tokens = self.encode(x)
        decoder_input = z + (z_q - z).detach()
        reconstruction = self.decoder(self.post_quant_conv(decoder_input))
        beta = 1.0   # IRIS: "beta position is different from taming and identical to original VQVAE paper"
        commitment = (z.detach() - z_q).pow(2).mean() + beta * (z - z_q.detach()).pow(2).mean()
        l1 = torch.abs(x - reconstruction).mean()
        return z, tokens, reconstruction, commitment, l1


# ---------------------------------------------------------------------------------------

PAPER = Config(resolution=64, in_channels=3, z_channels=512, ch=64, ch_mult=[1, 1, 1, 1, 1], num_res_blocks=2,
               attn_resolutions=[8, 16], out_ch=3, dropout=0.0, vocab_size=512, embed_dim=512, groups=32)
SMALL = Config(resolution=16, in_channels=3, z_channels=8, ch=4, ch_mult=[1, 2, 1], num_res_blocks=1,
               attn_resolutions=[8], out_ch=3, dropout=0.0, vocab_size=12, embed_dim=6, groups=2)


def write_paper_parameters():
    torch.manual_seed(0)
    model = Tokenizer(PAPER)
    state = model.state_dict()
    total = sum(v.numel() for v in state.values())
    path = os.path.join(HERE, "paper_parameters.txt")
    with open(path, "w") as f:
        f.write(f"# make_fixtures.py: IRIS tokenizer (paper config) state_dict, name and shape; total {total}\n")
        for name, value in state.items():
            f.write(f"{name} {','.join(str(d) for d in value.shape)}\n")
    print(f"paper_parameters.txt: {len(state)} tensors, {total} parameters, {os.path.getsize(path)} bytes")


def write_small():
    torch.manual_seed(0)
    model = Tokenizer(SMALL)
    # Non-trivial norms so a swapped weight/bias or group layout shows; a codebook at the
    # scale of z, so the tokens spread over several codes.
    with torch.no_grad():
        model.embedding.weight.normal_(0, 0.5)
        for name, p in model.named_parameters():
            if ".norm" in name or "norm_out" in name:
                p.add_(0.2 * torch.randn_like(p))
    frames = torch.rand(2, 3, SMALL.resolution, SMALL.resolution)
    z, tokens, reconstruction, commitment, l1 = model.compute_loss(frames)
    (commitment + l1).backward()
    tensors = {name: p.detach().clone() for name, p in model.named_parameters()}
    tensors.update({f"grad.{name}": p.grad.detach().clone() for name, p in model.named_parameters()})
    tensors.update({
        "frames": frames,
        "z": z.detach(),
        "tokens": tokens.to(torch.int64),
        "reconstruction": reconstruction.detach(),
        "decoded": ((reconstruction.detach() + 1) / 2).clamp(0, 1),
        "commitment": commitment.detach().reshape(1),
        "reconstruction_loss": l1.detach().reshape(1),
    })
    tensors = {k: v.contiguous() for k, v in tensors.items()}
    path = os.path.join(HERE, "tokenizer_small.safetensors")
    save_file(tensors, path, metadata={"source": "make_fixtures.py", "torch_version": torch.__version__})
    reread = load_file(path)
    assert all(torch.equal(reread[k], tensors[k]) for k in tensors)
    params = sum(p.numel() for p in model.parameters())
    print(f"tokenizer_small.safetensors: {params} parameters, tokens {tokens.tolist()}, "
          f"commitment {commitment.item():.6f}, l1 {l1.item():.6f}, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    torch.set_num_threads(1)
    write_paper_parameters()
    write_small()
