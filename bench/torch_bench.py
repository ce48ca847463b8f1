"""PyTorch reference figures for `npm run bench`: the same cases as bench/ours.ts.

Prints one JSON object on stdout. Usage: python3 bench/torch_bench.py THREADS [MNIST_DIR]
"""
import json
import struct
import sys
import time


def best_time(fn, warmup=3, rounds=3, min_s=0.4):
    """Seconds per call: the best of `rounds` rounds of at least `min_s` each (noise-robust)."""
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(rounds):
        n, t0 = 0, time.perf_counter()
        t = t0
        while t - t0 < min_s or n < 2:
            fn()
            n += 1
            t = time.perf_counter()
        best = min(best, (t - t0) / n)
    return best


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def blas_library():
    """Which BLAS Debian's torch links through libblas.so.3 (reference netlib BLAS is ~30x slower than OpenBLAS)."""
    import os
    for link in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3-aarch64-linux-gnu"):
        if os.path.exists(link):
            target = os.path.realpath(link)
            return "openblas" if "openblas" in target else "blis" if "blis" in target else "reference" if "/blas/" in target else target
    return "unknown"


def main():
    try:
        import torch
        from torch import nn
    except ImportError as e:
        print(json.dumps({"available": False, "note": f"torch not importable: {e}"}))
        return
    threads = int(sys.argv[1])
    mnist_dir = sys.argv[2] if len(sys.argv) > 2 else None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {"available": True, "version": torch.__version__, "threads": threads, "blas": blas_library(), "matmul": {}, "mlp": {}, "conv": {}}

    for n in (128, 256, 512, 1024):
        a, b = torch.rand(n, n), torch.rand(n, n)
        s = best_time(lambda: torch.mm(a, b), min_s=0.3)
        out["matmul"][str(n)] = 2 * n ** 3 / s / 1e9

    if mnist_dir:
        dims, raw = read_idx(f"{mnist_dir}/train-images-idx3-ubyte")
        _, lraw = read_idx(f"{mnist_dir}/train-labels-idx1-ubyte")
        count = 8192
        images = torch.frombuffer(bytearray(raw[: count * 784]), dtype=torch.uint8).float().div(255).view(count, 784)
        labels = torch.frombuffer(bytearray(lraw[:count]), dtype=torch.uint8).long()
    else:
        count = 8192
        images, labels = torch.rand(count, 784), torch.randint(0, 10, (count,))

    def cursor(batch):
        pos = [0]

        def nxt():
            if pos[0] + batch > count:
                pos[0] = 0
            s = pos[0]
            pos[0] += batch
            return images[s:s + batch], labels[s:s + batch]
        return nxt

    def train_rate(model, batch, shape):
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        loss_fn = nn.CrossEntropyLoss()
        nxt = cursor(batch)

        def step():
            x, y = nxt()
            opt.zero_grad()
            loss_fn(model(x.view(*shape)), y).backward()
            opt.step()
        return batch / best_time(step, warmup=5, min_s=0.6)

    for batch in (64, 256):
        mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
        out["mlp"][str(batch)] = train_rate(mlp, batch, (batch, 784))

    lenet = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    out["lenet"] = train_rate(lenet, 64, (64, 1, 28, 28))

    for name, (c, hw, o) in {"28x28x1->32": (1, 28, 32), "14x14x32->64": (32, 14, 64)}.items():
        conv = nn.Conv2d(c, o, 5, padding=2)
        x = torch.randn(64, c, hw, hw, requires_grad=True)

        def fb():
            conv.zero_grad()
            x.grad = None
            conv(x).sum().backward()
        out["conv"][name] = best_time(fb, warmup=2, rounds=2, min_s=0.5) * 1000
    print(json.dumps(out))


if __name__ == "__main__":
    main()
