#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for DeepQ.Nn's tests.

Run from the repository root with Debian's torch (not the pyenv python first on PATH):
    apt-get update && apt-get install -y python3-torch
    /usr/bin/python3 tools/torch_fixtures/generate.py
Output: tests/DeepQ.Nn.Tests/Fixtures/*.safetensors and *.pt (committed; tests never need Python).

Initial weights are not stored: they come from DeepQ's documented counter-based init
(src/DeepQ.Nn/Init.cs), reproduced bit for bit by init_uniform() below. Tensors larger than
SAMPLE_LIMIT elements are stored as a strided sample (name suffix "@s<stride>": elements
0, stride, 2*stride, ...) plus "<name>#sum" = [sum, sum of squares] over the full tensor, to keep
the fixtures small.
"""
import json
import os
import struct
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "DeepQ.Nn.Tests", "Fixtures")
SAMPLE_LIMIT = 8192
SAMPLE_COUNT = 2048
SEED = 1234
STEPS = 10
M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# ---- DeepQ's init generator (see Init.cs) --------------------------------------------------
def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


def mix64_int(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def mix64_np(z):
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def init_uniform(shape, bound, seed, name):
    n = int(np.prod(shape))
    key = mix64_int(seed ^ fnv1a64(name))
    with np.errstate(over="ignore"):
        z = np.arange(n, dtype=np.uint64) * np.uint64(GOLDEN) + np.uint64(key)
    z = mix64_np(z)
    u = (z >> np.uint64(40)).astype(np.float64) * (1.0 / (1 << 24))
    return torch.from_numpy(((2.0 * u - 1.0) * bound).astype(np.float32).reshape(shape))


def deepq_init(model, seed):
    """Sets every Linear/Conv2d weight and bias as DeepQ's Init.Default does."""
    with torch.no_grad():
        for mname, m in model.named_modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                fan_in = m.weight[0].numel()
                bound = 1.0 / np.sqrt(fan_in)
                for pname in ("weight", "bias"):
                    p = getattr(m, pname)
                    p.copy_(init_uniform(tuple(p.shape), bound, seed, f"{mname}.{pname}"))


# ---- safetensors writer (format: u64 header length, JSON header, raw little-endian data) ----
def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy() if torch.is_tensor(t) else np.asarray(t)).astype("<f4")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def put(store, name, t):
    """Stores t fully when small, else a strided sample plus [sum, sum of squares]."""
    flat = t.detach().reshape(-1).double()
    if flat.numel() <= SAMPLE_LIMIT:
        store[name] = t.detach().float().clone()  # clone: grads are zeroed in place later
        return
    stride = -(-flat.numel() // SAMPLE_COUNT)
    store[f"{name}@s{stride}"] = flat[::stride].float()
    store[f"{name}#sum"] = torch.tensor([flat.sum().item(), (flat * flat).sum().item()], dtype=torch.float32)


# ---- models with CleanRL's parameter names -------------------------------------------------
class Dueling(nn.Module):
    def __init__(self, value, advantage):
        super().__init__()
        self.value, self.advantage = value, advantage

    def forward(self, x):
        a = self.advantage(x)
        return self.value(x) + (a - a.mean(dim=1, keepdim=True))


class NatureQ(nn.Module):
    def __init__(self, actions, channels=4, hw=84, hidden=512, dueling=False):
        super().__init__()
        convs = [nn.Conv2d(channels, 32, 8, stride=4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
                 nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten()]
        with torch.no_grad():
            feat = nn.Sequential(*convs)(torch.zeros(1, channels, hw, hw)).shape[1]
        if dueling:
            head = [Dueling(nn.Sequential(nn.Linear(feat, hidden), nn.ReLU(), nn.Linear(hidden, 1)),
                            nn.Sequential(nn.Linear(feat, hidden), nn.ReLU(), nn.Linear(hidden, actions)))]
        else:
            head = [nn.Linear(feat, hidden), nn.ReLU(), nn.Linear(hidden, actions)]
        self.network = nn.Sequential(*convs, *head)

    def forward(self, x):
        return self.network(x / 255.0)


class MlpQ(nn.Module):
    def __init__(self, inputs, hidden, actions, dueling=False):
        super().__init__()
        layers, f = [], inputs
        for h in hidden:
            layers += [nn.Linear(f, h), nn.ReLU()]
            f = h
        if dueling:
            layers.append(Dueling(nn.Sequential(nn.Linear(f, 1)), nn.Sequential(nn.Linear(f, actions))))
        else:
            layers.append(nn.Linear(f, actions))
        self.network = nn.Sequential(*layers)

    def forward(self, x):
        return self.network(x)


# ---- optimizers ----------------------------------------------------------------------------
class NatureRMSProp:
    """DeepMind's Nature DQN RMSProp: g_avg = 0.95 g_avg + 0.05 g; s = 0.95 s + 0.05 g^2;
    theta -= lr * g / sqrt(s - g_avg^2 + 0.01)."""

    def __init__(self, params, lr=2.5e-4, gm=0.95, sm=0.95, c=0.01):
        self.params = list(params)
        self.lr, self.gm, self.sm, self.c = lr, gm, sm, c
        self.g = [torch.zeros_like(p) for p in self.params]
        self.s = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        for p, g, s in zip(self.params, self.g, self.s):
            g.mul_(self.gm).add_(p.grad, alpha=1 - self.gm)
            s.mul_(self.sm).addcmul_(p.grad, p.grad, value=1 - self.sm)
            p.add_(-self.lr * (p.grad / torch.sqrt(s - g * g + self.c)))


OPTIMIZERS = OrderedDict([
    ("adam", lambda ps: torch.optim.Adam(ps, lr=1e-3)),
    ("adam_wd", lambda ps: torch.optim.Adam(ps, lr=1e-3, weight_decay=0.1, eps=1e-6)),
    ("adam_amsgrad", lambda ps: torch.optim.Adam(ps, lr=1e-3, amsgrad=True)),
    ("adamw", lambda ps: torch.optim.AdamW(ps, lr=1e-3, weight_decay=0.05)),
    # RMSprop's first steps move every weight by ~10*lr (sqrt of 0.01 g^2 in the denominator);
    # lr 1e-4 keeps the 10-step trajectory away from ReLU sign flips, so the comparison
    # measures the update rule rather than float32 chaos.
    ("rmsprop", lambda ps: torch.optim.RMSprop(ps, lr=1e-4)),
    ("rmsprop_momentum", lambda ps: torch.optim.RMSprop(ps, lr=1e-4, momentum=0.9, weight_decay=0.01)),
    ("rmsprop_centered", lambda ps: torch.optim.RMSprop(ps, lr=1e-4, centered=True, alpha=0.95, eps=1e-5)),
    ("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    ("nature_rmsprop", lambda ps: NatureRMSProp(ps)),
])


def q_loss(model, x, actions, targets, kind):
    q = model(x)
    qa = q.gather(1, actions.view(-1, 1)).squeeze(1)
    return F.smooth_l1_loss(qa, targets) if kind == "huber" else F.mse_loss(qa, targets)


def scenario(store, meta, make_model, x, actions, targets, train_steps=True):
    model = make_model()
    names = [n for n, _ in model.named_parameters()]
    meta["parameters"] = ",".join(names)
    q = model(x)
    store["q"] = q.detach()
    for kind in ("huber", "mse"):
        model.zero_grad()
        loss = q_loss(model, x, actions, targets, kind)
        loss.backward()
        store[f"{kind}_loss"] = loss.detach().reshape(1)
        for n, p in model.named_parameters():
            put(store, f"{kind}/{n}", p.grad)

    def train(tag, opt_factory, clip=None, polyak=None):
        m = make_model()
        opt = opt_factory(list(m.parameters()))
        target = None
        if polyak is not None:
            target = make_model()
            deepq_init(target, SEED + 1)
        norms = []
        for _ in range(STEPS):
            opt.zero_grad()
            q_loss(m, x, actions, targets, "huber").backward()
            if clip == "norm":
                norms.append(float(torch.nn.utils.clip_grad_norm_(m.parameters(), 0.05)))
            elif clip == "value":
                torch.nn.utils.clip_grad_value_(m.parameters(), 0.002)
            opt.step()
            if target is not None:
                with torch.no_grad():
                    for tp, p in zip(target.parameters(), m.parameters()):
                        tp.data.copy_(polyak * p.data + (1.0 - polyak) * tp.data)
        for n, p in (target or m).named_parameters():
            put(store, f"{tag}/{n}", p)
        if norms:
            store[f"{tag}/norms"] = torch.tensor(norms)

    if not train_steps:
        return
    for tag, factory in OPTIMIZERS.items():
        train(tag, factory)
    train("clip_norm", OPTIMIZERS["sgd_momentum"], clip="norm")
    train("clip_value", OPTIMIZERS["sgd_momentum"], clip="value")
    train("polyak", OPTIMIZERS["adam"], polyak=0.1)


def nature_fixture(dueling=False):
    def make():
        m = NatureQ(6, dueling=dueling)
        deepq_init(m, SEED)
        return m

    g = torch.Generator().manual_seed(7)
    x = torch.randint(0, 256, (2, 4, 84, 84), generator=g, dtype=torch.uint8)
    actions = torch.tensor([1, 4])
    targets = torch.tensor([0.5, -2.0])
    store, meta = OrderedDict(), {"seed": SEED, "steps": STEPS}
    if not dueling:  # the dueling fixture reuses nature.safetensors' input
        store["input"] = x.float()
    store["actions"] = actions.float()
    store["targets"] = targets
    scenario(store, meta, make, x, actions, targets, train_steps=not dueling)
    write_safetensors(os.path.join(OUT, "nature_dueling.safetensors" if dueling else "nature.safetensors"), store, meta)


def mlp_fixture(dueling):
    def make():
        m = MlpQ(8, [16, 12], 3, dueling)
        deepq_init(m, SEED)
        return m

    g = torch.Generator().manual_seed(8)
    x = torch.randn(5, 8, generator=g)
    actions = torch.tensor([0, 2, 1, 2, 0])
    targets = torch.tensor([0.3, -1.5, 2.0, 0.0, -0.2])
    store, meta = OrderedDict(), {"seed": SEED, "steps": STEPS}
    store["input"] = x
    store["actions"] = actions.float()
    store["targets"] = targets
    scenario(store, meta, make, x, actions, targets)
    write_safetensors(os.path.join(OUT, "mlp_dueling.safetensors" if dueling else "mlp.safetensors"), store, meta)


def import_fixtures():
    """torch.save'd state_dicts (zip format) with PyTorch's own random init, and the Q-values they give."""
    torch.manual_seed(3)
    conv = NatureQ(5, channels=2, hw=36, hidden=32)
    torch.save(conv.state_dict(), os.path.join(OUT, "cleanrl_conv.pt"))
    # The same weights under SB3's DQN CnnPolicy names (NatureCNN extractor + q_net head).
    sb3_names = {"0": "q_net.features_extractor.cnn.0", "2": "q_net.features_extractor.cnn.2",
                 "4": "q_net.features_extractor.cnn.4", "7": "q_net.features_extractor.linear.0", "9": "q_net.q_net.0"}
    sb3_conv = OrderedDict()
    for n, p in conv.named_parameters():
        _, idx, kind = n.split(".")
        sb3_conv[f"{sb3_names[idx]}.{kind}"] = p.detach().clone()
    torch.save(sb3_conv, os.path.join(OUT, "sb3_conv.pth"))
    g = torch.Generator().manual_seed(9)
    xc = torch.randint(0, 256, (2, 2, 36, 36), generator=g, dtype=torch.uint8)

    mlp = MlpQ(4, [64, 64], 2)
    target = MlpQ(4, [64, 64], 2)
    sb3 = OrderedDict()
    for n, p in mlp.named_parameters():
        sb3["q_net.q_net." + n[len("network."):]] = p.detach().clone()
    for n, p in target.named_parameters():
        sb3["q_net_target.q_net." + n[len("network."):]] = p.detach().clone()
    torch.save(sb3, os.path.join(OUT, "sb3_mlp.pth"))
    xm = torch.randn(3, 4, generator=g)
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, "import_expect.safetensors"), OrderedDict([
            ("conv_input", xc.float()), ("conv_q", conv(xc)), ("mlp_input", xm), ("mlp_q", mlp(xm)),
        ]), {"torch": torch.__version__})


def read_safetensors_strict(path):
    """Reads a safetensors file with the checks Hugging Face's loader makes: header starts with '{',
    fits the file, tensors tile the data section exactly, sizes match dtype and shape."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert 8 + n <= len(raw), "header larger than file"
    header_bytes = raw[8:8 + n]
    assert header_bytes[:1] == b"{", "header must start with '{'"
    header = json.loads(header_bytes.decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(v, str) for v in metadata.values()), "metadata values must be strings"
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    end = 0
    tensors = OrderedDict()
    for name, e in entries:
        b, e_ = e["data_offsets"]
        assert b == end, f"{name}: gap or overlap"
        assert e["dtype"] == "F32"
        assert (e_ - b) == 4 * int(np.prod(e["shape"])), f"{name}: size does not match shape"
        tensors[name] = torch.from_numpy(np.frombuffer(data[b:e_], dtype="<f4").reshape(e["shape"]).copy())
        end = e_
    assert end == len(data), "data section not fully covered"
    return tensors, metadata


def check_deepq_written():
    """The golden file DeepQ wrote loads strictly into CleanRL's QNetwork and gives DeepQ's Q-values."""
    path = os.path.join(OUT, "deepq_written.safetensors")
    if not os.path.exists(path):
        print("skip: no", path)
        return
    tensors, meta = read_safetensors_strict(path)
    model = MlpQ(4, [8], 2)
    model.load_state_dict(tensors, strict=True)
    x = torch.tensor([[float(v) for v in meta["input"].split(",")]])
    q = model(x).detach().reshape(-1)
    expected = torch.tensor([float(v) for v in meta["q"].split(",")])
    assert torch.allclose(q, expected, rtol=1e-6, atol=1e-7), (q, expected)
    print("deepq_written.safetensors loads into CleanRL's QNetwork (strict) and matches:", q.tolist())


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    nature_fixture()
    nature_fixture(dueling=True)
    mlp_fixture(False)
    mlp_fixture(True)
    import_fixtures()
    check_deepq_written()
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))
