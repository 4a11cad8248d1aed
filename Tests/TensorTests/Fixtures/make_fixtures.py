"""PyTorch reference values for the Swift Tensor tests.

Run from the repository root:

    pip install torch safetensors
    python3 Tests/TensorTests/Fixtures/make_fixtures.py

It writes one small `.safetensors` file per op into this folder (README.md lists them);
the Swift tests in Tests/TensorTests read them through `fixture(_:)` (FixtureLoader.swift)
and compare the Swift ops with PyTorch. Everything is float32, as PyTorch computes it, on
the CPU, and deterministic: each file seeds the generator with 0 before drawing.

Convention: inputs and parameters under their own names, the forward output `out`, a random
upstream gradient `grad_out` (the loss is `(out * grad_out).sum()`), and the gradient of each
input or parameter `<name>` as `grad_<name>`. Op settings (stride, eps, ...) are repeated in
the file's metadata.

The script also checks interop the other way: if `swift_written.safetensors` (written by the
Swift `SafeTensors.write`) is present, it must load here with exactly the expected values.
"""

import json
import math
import os

import torch
import torch.nn.functional as F
from safetensors import safe_open
from safetensors.torch import load_file
from safetensors.torch import save as safetensors_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_FILE_BYTES = 50_000


def randn(*shape, requires_grad=True):
    return torch.randn(*shape, dtype=torch.float32).requires_grad_(requires_grad)


def backward(out, inputs):
    """Draws `grad_out`, backpropagates `(out * grad_out).sum()`, returns grad_out and the grads."""
    grad_out = torch.randn_like(out)
    grads = torch.autograd.grad((out * grad_out).sum(), list(inputs.values()))
    return grad_out, {f"grad_{name}": grad for name, grad in zip(inputs, grads)}


def save(name, tensors, **settings):
    path = os.path.join(HERE, f"{name}.safetensors")
    tensors = {key: value.detach().contiguous() for key, value in tensors.items()}
    for key, value in tensors.items():
        assert value.dtype in (torch.float32, torch.int64), (name, key, value.dtype)
        assert value.dtype != torch.float32 or torch.isfinite(value).all(), (name, key)
    metadata = {"source": "make_fixtures.py", "torch_version": torch.__version__}
    metadata.update({key: str(value) for key, value in settings.items()})
    with open(path, "wb") as file:
        file.write(with_sorted_metadata(safetensors_bytes(tensors, metadata=metadata)))
    reread = load_file(path)
    assert set(reread) == set(tensors) and all(torch.equal(reread[key], tensors[key]) for key in tensors)
    size = os.path.getsize(path)
    assert size < MAX_FILE_BYTES, f"{path} is {size} bytes"
    print(f"{name}.safetensors: {len(tensors)} tensors, {size} bytes")


def with_sorted_metadata(data):
    """The library's bytes with the metadata keys sorted, so reruns give identical files.

    The library keeps metadata in a hash map, so its key order changes from run to run; the
    tensors and data layout are left exactly as the library wrote them.
    """
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length], object_pairs_hook=dict)
    header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (length - len(encoded))
    assert len(encoded) == length, "reordering keys keeps the header length"
    return data[:8] + encoded + data[8 + length:]


def with_backward(inputs, out):
    grad_out, grads = backward(out, inputs)
    return {**inputs, "out": out, "grad_out": grad_out, **grads}


# MARK: - Layers

def linear():
    torch.manual_seed(0)
    inputs = {"x": randn(4, 5), "weight": randn(3, 5), "bias": randn(3)}
    out = F.linear(inputs["x"], inputs["weight"], inputs["bias"])  # x @ weight.T + bias
    save("linear", with_backward(inputs, out))


def conv2d_stride1():
    torch.manual_seed(0)
    inputs = {"x": randn(2, 3, 7, 6), "weight": randn(4, 3, 3, 3), "bias": randn(4)}
    out = F.conv2d(inputs["x"], inputs["weight"], inputs["bias"], stride=1, padding=1)
    save("conv2d_stride1", with_backward(inputs, out), stride=1, padding=1)


def conv2d_stride2_asymmetric():
    """IRIS's Downsample: pad right and bottom by 1, then a stride-2 convolution without padding."""
    torch.manual_seed(0)
    inputs = {"x": randn(2, 3, 8, 8), "weight": randn(4, 3, 3, 3), "bias": randn(4)}
    padded = F.pad(inputs["x"], (0, 1, 0, 1))
    out = F.conv2d(padded, inputs["weight"], inputs["bias"], stride=2, padding=0)
    save("conv2d_stride2_asymmetric", with_backward(inputs, out),
         stride=2, padding="right 1, bottom 1 (F.pad(x, (0, 1, 0, 1)))")


def group_norm():
    torch.manual_seed(0)
    inputs = {"x": randn(2, 8, 5, 5), "weight": randn(8), "bias": randn(8)}
    out = F.group_norm(inputs["x"], 4, inputs["weight"], inputs["bias"], eps=1e-6)
    save("group_norm", with_backward(inputs, out), groups=4, eps=1e-6)


def layer_norm():
    torch.manual_seed(0)
    inputs = {"x": randn(3, 4, 16), "weight": randn(16), "bias": randn(16)}
    out = F.layer_norm(inputs["x"], (16,), inputs["weight"], inputs["bias"], eps=1e-5)
    save("layer_norm", with_backward(inputs, out), normalized_shape=[16], eps=1e-5)


# MARK: - Attention

def attention(q, k, v, additive_mask):
    """softmax(q k^T / sqrt(D) + mask) v, written out as the Swift code computes it."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    return torch.softmax(scores + additive_mask, dim=-1) @ v


def attention_causal():
    torch.manual_seed(0)
    inputs = {"q": randn(2, 3, 5, 4), "k": randn(2, 3, 5, 4), "v": randn(2, 3, 5, 4)}
    causal = torch.full((5, 5), float("-inf")).triu(diagonal=1)
    out = attention(inputs["q"], inputs["k"], inputs["v"], causal)
    reference = F.scaled_dot_product_attention(inputs["q"], inputs["k"], inputs["v"], is_causal=True)
    assert torch.allclose(out, reference, atol=1e-6)
    save("attention_causal", with_backward(inputs, out), scale="1/sqrt(D)", mask="causal, -inf above the diagonal")


def attention_mask():
    torch.manual_seed(0)
    inputs = {"q": randn(2, 3, 5, 4), "k": randn(2, 3, 5, 4), "v": randn(2, 3, 5, 4)}
    mask = -2 * torch.rand(5, 5)  # in [-2, 0]
    for row, column in [(0, 3), (1, 0), (2, 2), (3, 4), (4, 1), (4, 2)]:
        mask[row, column] = -1e9
    assert ((mask > -1e9).sum(dim=-1) > 0).all(), "a fully masked row has no softmax"
    out = attention(inputs["q"], inputs["k"], inputs["v"], mask)
    save("attention_mask", {**with_backward(inputs, out), "mask": mask},
         scale="1/sqrt(D)", mask="additive, added to the scaled scores")


# MARK: - Recurrent

def lstm_cell():
    torch.manual_seed(0)
    cell = torch.nn.LSTMCell(6, 5)
    parameters = {name: parameter for name, parameter in cell.named_parameters()}
    assert set(parameters) == {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}
    inputs = {"x": randn(3, 6), "h": randn(3, 5), "c": randn(3, 5)}
    h_out, c_out = cell(inputs["x"], (inputs["h"], inputs["c"]))
    grad_h_out, grad_c_out = torch.randn_like(h_out), torch.randn_like(c_out)
    loss = (h_out * grad_h_out).sum() + (c_out * grad_c_out).sum()
    differentiated = {**inputs, **parameters}
    grads = torch.autograd.grad(loss, list(differentiated.values()))
    save("lstm_cell", {
        **differentiated, "h_out": h_out, "c_out": c_out, "grad_h_out": grad_h_out, "grad_c_out": grad_c_out,
        **{f"grad_{name}": grad for name, grad in zip(differentiated, grads)},
    }, gate_order="i, f, g, o (PyTorch: rows 0-4 input, 5-9 forget, 10-14 cell, 15-19 output)")


# MARK: - Losses

def cross_entropy():
    torch.manual_seed(0)
    logits = randn(6, 5)
    targets = torch.randint(0, 5, (6,), dtype=torch.int64)
    targets[2] = -100
    loss = F.cross_entropy(logits, targets, ignore_index=-100)  # mean over non-ignored rows
    (grad_logits,) = torch.autograd.grad(loss, [logits])
    save("cross_entropy", {"logits": logits, "targets": targets, "loss": loss.reshape(1), "grad_logits": grad_logits},
         ignore_index=-100, reduction="mean over non-ignored targets")


# MARK: - Optimizer

class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(4, 8)
        self.fc2 = torch.nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def adamw_mlp():
    """Ten AdamW steps with gradient clipping: checks the loss, clipping and optimizer together."""
    torch.manual_seed(0)
    model = MLP()
    # Targets of scale 2 make the gradient norm about 1.4, so clipping acts on every step.
    x, y = torch.randn(5, 4), 2 * torch.randn(5, 3)
    init = {f"init.{name}": parameter.detach().clone() for name, parameter in model.named_parameters()}
    weights = [model.fc1.weight, model.fc2.weight]
    biases = [model.fc1.bias, model.fc2.bias]
    optimizer = torch.optim.AdamW(
        [{"params": weights, "weight_decay": 0.1}, {"params": biases, "weight_decay": 0.0}],
        lr=1e-2, betas=(0.9, 0.999), eps=1e-8, foreach=False)
    losses, grad_norms = [], []
    for _ in range(10):
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        grad_norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
        losses.append(loss.detach())
        optimizer.step()
    assert min(grad_norms) > 1.0, "the fixture is meant to exercise clipping"
    final = {f"final.{name}": parameter for name, parameter in model.named_parameters()}
    save("adamw_mlp", {"x": x, "y": y, **init, "losses": torch.stack(losses),
                       "grad_norms": torch.stack(grad_norms), **final},
         model="Linear(4,8) -> GELU (erf) -> Linear(8,3)", loss="MSE mean", steps=10,
         lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay="0.1 weights, 0.0 biases",
         clip_grad_norm="max_norm 1.0, scale max_norm / (norm + 1e-6) when below 1, before each step",
         losses="loss before each step", grad_norms="total gradient norm before clipping, each step")


# MARK: - Activations

def gelu_softmax():
    torch.manual_seed(0)
    x = randn(4, 7)
    ops = {
        "gelu": lambda t: F.gelu(t),  # exact erf form, PyTorch's default
        "silu": F.silu,
        "softmax": lambda t: torch.softmax(t, dim=-1),
        "log_softmax": lambda t: torch.log_softmax(t, dim=-1),
    }
    tensors = {"x": x}
    for name, op in ops.items():
        out = op(x)
        grad_out = torch.randn_like(out)
        (grad_x,) = torch.autograd.grad((out * grad_out).sum(), [x])
        tensors.update({f"{name}_out": out, f"grad_out_{name}": grad_out, f"grad_x_{name}": grad_x})
    save("gelu_softmax", tensors, gelu="exact (erf)", softmax_dim=-1)


# MARK: - Interop

def check_swift_written():
    """The file the Swift writer produced must decode here to exactly these values."""
    path = os.path.join(HERE, "swift_written.safetensors")
    if not os.path.exists(path):
        print("swift_written.safetensors: absent, skipped (the Swift tests print how to make it)")
        return
    tensors = load_file(path)
    expected = {"a": torch.arange(6, dtype=torch.float32).reshape(2, 3), "b": torch.tensor([1.5, -2.25])}
    assert set(tensors) == set(expected), sorted(tensors)
    for name, value in expected.items():
        assert tensors[name].dtype == torch.float32 and torch.equal(tensors[name], value), (name, tensors[name])
    with safe_open(path, framework="pt") as file:
        assert file.metadata() == {"format": "pt"}, file.metadata()
    print("swift_written.safetensors: OK")


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    for make in [linear, conv2d_stride1, conv2d_stride2_asymmetric, group_norm, layer_norm,
                 attention_causal, attention_mask, lstm_cell, cross_entropy, adamw_mlp, gelu_softmax]:
        make()
    check_swift_written()
