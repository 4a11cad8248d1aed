"""PyTorch reference values for the Swift world-model tests.

Run from the repository root:

    pip install torch safetensors
    python3 Tests/WorldModelTests/Fixtures/make_fixtures.py

It writes, into this folder:

- `world_model_small.safetensors`: a small world model (2 layers, 2 heads, width 16, 3 blocks of
  4 frame tokens + 1 action, vocabulary 16, 3 actions, dropout 0) with its weights under
  `param.<IRIS name>`, a batch of 2 segments (`frame_tokens`, `actions`, `rewards`, `ends`,
  `mask`, `tokens` = the interleaved sequence), the full-forward logits (`logits_observations`,
  `logits_rewards`, `logits_ends`), the three losses (`loss_obs`, `loss_rewards`, `loss_ends`)
  and the gradient of their sum for every parameter (`grad.<IRIS name>`).
- `paper_parameters.txt`: `name shape` per parameter of the paper configuration with 6 actions,
  in `named_parameters()` order, and the total count on the last line.

The reference model below follows IRIS's `world_model.py`, `transformer.py` (minGPT) and
`slicer.py` module for module, so the parameter names are IRIS's state_dict keys (without the
`world_model.` prefix and without the non-parameter buffers: the attention masks and slicer
indices). Deterministic: seeded with 0, float32, CPU.
"""

import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file
from safetensors.torch import save as safetensors_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_FILE_BYTES = 200_000


# ---- Reference model (IRIS: slicer.py, transformer.py, world_model.py) ----------------------

class Slicer(nn.Module):
    def __init__(self, max_blocks, block_mask):
        super().__init__()
        self.block_size = block_mask.size(0)
        self.num_kept_tokens = int(block_mask.sum().item())
        kept = torch.where(block_mask)[0].repeat(max_blocks)
        offsets = torch.arange(max_blocks).repeat_interleave(self.num_kept_tokens)
        self.register_buffer("indices", kept + block_mask.size(0) * offsets)

    def compute_slice(self, num_steps, prev_steps=0):
        total = num_steps + prev_steps
        num_blocks = math.ceil(total / self.block_size)
        indices = self.indices[: num_blocks * self.num_kept_tokens]
        return indices[torch.logical_and(prev_steps <= indices, indices < total)] - prev_steps


class Head(Slicer):
    def __init__(self, max_blocks, block_mask, head_module):
        super().__init__(max_blocks, block_mask)
        self.head_module = head_module

    def forward(self, x, num_steps, prev_steps):
        return self.head_module(x[:, self.compute_slice(num_steps, prev_steps)])


class Embedder(nn.Module):
    def __init__(self, max_blocks, block_masks, embedding_tables):
        super().__init__()
        self.embedding_dim = embedding_tables[0].embedding_dim
        self.embedding_tables = embedding_tables
        self.slicers = [Slicer(max_blocks, m) for m in block_masks]

    def forward(self, tokens, num_steps, prev_steps):
        out = torch.zeros(*tokens.size(), self.embedding_dim)
        for slicer, emb in zip(self.slicers, self.embedding_tables):
            s = slicer.compute_slice(num_steps, prev_steps)
            out[:, s] = emb(tokens[:, s])
        return out


class SelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.num_heads = cfg["heads"]
        d = cfg["width"]
        self.key = nn.Linear(d, d)
        self.query = nn.Linear(d, d)
        self.value = nn.Linear(d, d)
        self.attn_drop = nn.Dropout(cfg["pdrop"])
        self.resid_drop = nn.Dropout(cfg["pdrop"])
        self.proj = nn.Linear(d, d)
        self.register_buffer("mask", torch.tril(torch.ones(cfg["max_tokens"], cfg["max_tokens"])))

    def forward(self, x):
        B, T, C = x.size()
        h = self.num_heads
        q = self.query(x).view(B, T, h, C // h).transpose(1, 2)  # (B, nh, T, hs)
        k = self.key(x).view(B, T, h, C // h).transpose(1, 2)
        v = self.value(x).view(B, T, h, C // h).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.mask[:T, :T] == 0, float("-inf"))
        att = self.attn_drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_drop(self.proj(y))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["width"]
        self.ln1 = nn.LayerNorm(d)
        self.ln2 = nn.LayerNorm(d)
        self.attn = SelfAttention(cfg)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d), nn.Dropout(cfg["pdrop"]))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.drop = nn.Dropout(cfg["pdrop"])
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg["layers"])])
        self.ln_f = nn.LayerNorm(cfg["width"])

    def forward(self, x):
        x = self.drop(x)
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x)


def init_weights(module):
    if isinstance(module, (nn.Linear, nn.Embedding)):
        module.weight.data.normal_(mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            module.bias.data.zero_()
    elif isinstance(module, nn.LayerNorm):
        module.bias.data.zero_()
        module.weight.data.fill_(1.0)


class WorldModel(nn.Module):
    def __init__(self, vocab, actions, cfg):
        super().__init__()
        tpb, blocks, d = cfg["tokens_per_block"], cfg["max_blocks"], cfg["width"]
        cfg = dict(cfg, max_tokens=tpb * blocks)
        self.cfg = cfg
        self.transformer = Transformer(cfg)
        all_but_last_obs = torch.ones(tpb)
        all_but_last_obs[-2] = 0
        act = torch.zeros(tpb)
        act[-1] = 1
        obs = 1 - act
        self.pos_emb = nn.Embedding(cfg["max_tokens"], d)
        self.embedder = Embedder(blocks, [act, obs], nn.ModuleList([nn.Embedding(actions, d), nn.Embedding(vocab, d)]))
        mlp = lambda out: nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, out))
        self.head_observations = Head(blocks, all_but_last_obs, mlp(vocab))
        self.head_rewards = Head(blocks, act, mlp(3))
        self.head_ends = Head(blocks, act, mlp(2))
        self.apply(init_weights)

    def forward(self, tokens, prev_steps=0):
        n = tokens.size(1)
        x = self.embedder(tokens, n, prev_steps) + self.pos_emb(prev_steps + torch.arange(n))
        x = self.transformer(x)
        return (self.head_observations(x, n, prev_steps), self.head_rewards(x, n, prev_steps),
                self.head_ends(x, n, prev_steps))

    def compute_loss(self, obs_tokens, actions, rewards, ends, mask_padding):
        tokens = torch.cat((obs_tokens, actions.unsqueeze(-1)), dim=2).flatten(1)  # (B, L(K+1))
        logits_obs, logits_rewards, logits_ends = self(tokens)
        fill = torch.logical_not(mask_padding)
        labels_obs = obs_tokens.masked_fill(fill.unsqueeze(-1).expand_as(obs_tokens), -100).flatten(1)[:, 1:]
        labels_rewards = (rewards.sign() + 1).masked_fill(fill, -100).long()
        labels_ends = ends.masked_fill(fill, -100)
        loss_obs = F.cross_entropy(logits_obs[:, :-1].flatten(0, 1), labels_obs.reshape(-1))
        loss_rewards = F.cross_entropy(logits_rewards.flatten(0, 1), labels_rewards.reshape(-1))
        loss_ends = F.cross_entropy(logits_ends.flatten(0, 1), labels_ends.reshape(-1))
        return tokens, (logits_obs, logits_rewards, logits_ends), (loss_obs, loss_rewards, loss_ends)


# ---- Files ---------------------------------------------------------------------------------

def save(name, tensors, **settings):
    path = os.path.join(HERE, f"{name}.safetensors")
    tensors = {key: value.detach().contiguous() for key, value in tensors.items()}
    metadata = {"source": "make_fixtures.py", "torch_version": torch.__version__}
    metadata.update({key: str(value) for key, value in settings.items()})
    with open(path, "wb") as file:
        file.write(with_sorted_metadata(safetensors_bytes(tensors, metadata=metadata)))
    reread = load_file(path)
    assert set(reread) == set(tensors) and all(torch.equal(reread[k], tensors[k]) for k in tensors)
    size = os.path.getsize(path)
    assert size < MAX_FILE_BYTES, f"{path} is {size} bytes"
    print(f"{name}.safetensors: {len(tensors)} tensors, {size} bytes")


def with_sorted_metadata(data):
    """The library's bytes with the metadata keys sorted, so reruns give identical files."""
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (length - len(encoded))
    assert len(encoded) == length
    return data[:8] + encoded + data[8 + length:]


def small_model():
    torch.manual_seed(0)
    cfg = dict(layers=2, heads=2, width=16, tokens_per_block=5, max_blocks=3, pdrop=0.0)
    vocab, actions, batch, steps, k = 16, 3, 2, 3, 4
    model = WorldModel(vocab, actions, cfg)
    # Weights of unit-ish scale rather than IRIS's N(0, 0.02), so every path carries signal
    # and the gradients are not vanishingly small; biases and LayerNorm affines random too.
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn_like(p) * (0.3 if p.dim() == 2 else 0.1) + (1.0 if name.endswith("ln1.weight") or name.endswith("ln2.weight") or name.endswith("ln_f.weight") else 0.0))
    obs_tokens = torch.randint(0, vocab, (batch, steps, k))
    acts = torch.randint(0, actions, (batch, steps))
    rewards = torch.tensor([[0.0, 2.0, -1.0], [1.0, 0.0, 5.0]])
    ends = torch.tensor([[0, 0, 1], [0, 1, 0]])
    mask = torch.tensor([[True, True, True], [True, True, False]])  # row 1's last step is padding
    tokens, logits, losses = model.compute_loss(obs_tokens, acts, rewards, ends, mask)
    total = sum(losses)
    params = dict(model.named_parameters())
    grads = torch.autograd.grad(total, list(params.values()))
    tensors = {f"param.{n}": p for n, p in params.items()}
    tensors.update({f"grad.{n}": g for n, g in zip(params, grads)})
    tensors.update(frame_tokens=obs_tokens, actions=acts, rewards=rewards, ends=ends,
                   mask=mask.long(), tokens=tokens,
                   logits_observations=logits[0], logits_rewards=logits[1], logits_ends=logits[2],
                   loss_obs=losses[0].reshape(1), loss_rewards=losses[1].reshape(1), loss_ends=losses[2].reshape(1))
    save("world_model_small", tensors, vocabulary=vocab, actions=actions, batch=batch, steps=steps,
         tokens_per_frame=k, **cfg)


def paper_parameters():
    cfg = dict(layers=10, heads=4, width=256, tokens_per_block=17, max_blocks=20, pdrop=0.1)
    model = WorldModel(512, 6, cfg)
    lines = [f"{n} {'x'.join(map(str, p.shape))}" for n, p in model.named_parameters()]
    lines.append(f"total {sum(p.numel() for p in model.parameters())}")
    with open(os.path.join(HERE, "paper_parameters.txt"), "w") as file:
        file.write("\n".join(lines) + "\n")
    print(f"paper_parameters.txt: {len(lines) - 1} parameters, {lines[-1]}")


if __name__ == "__main__":
    small_model()
    paper_parameters()
