"""Brian2 side of `npm run bench:snn`: the Brette et al. 2007 benchmark networks (CUBA and COBA).

4000 neurons (3200 excitatory, 800 inhibitory), connection probability 0.02, dt 0.1 ms, 1 s,
with the parameters of src/neuro/benchmarks/brette.ts, written as in Brian2's CUBA example and the
Brette et al. 2007 COBA model (conductances in nS, initial conductances as in the paper's code).
Each case is built once; a warm-up run pays Brian2's code generation and compilation, then the
network is restored to its initial state before every timed run, so only `run()` is timed.

Usage: /usr/bin/python3 bench/brian_bench.py [--targets auto,numpy] [--repeats 3] [--duration 1]
Prints one JSON object on the last line of stdout.
"""
import argparse
import json
import statistics
import sys
import time


def build(kind, b2):
    """The Brette et al. 2007 network of `kind` ('cuba' or 'coba') with a spike monitor."""
    ms, mV, nS, pF = b2.ms, b2.mV, b2.nS, b2.pF
    n, n_exc, p = 4000, 3200, 0.02
    if kind == 'cuba':
        # Brette et al. 2007, benchmark 2; Brian2's examples/CUBA.py.
        ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV,
                  we=(60 * 0.27 / 10) * mV, wi=(-20 * 4.5 / 10) * mV)
        eqs = '''
        dv/dt  = (ge + gi - (v - El)) / taum : volt (unless refractory)
        dge/dt = -ge / taue : volt
        dgi/dt = -gi / taui : volt
        '''
        group = b2.NeuronGroup(n, eqs, threshold='v > Vt', reset='v = Vr', refractory=5 * ms,
                               method='exact', namespace=ns)
        group.v = 'Vr + rand() * (Vt - Vr)'
    else:
        # Brette et al. 2007, benchmark 1 (Vogels & Abbott 2005 conductances).
        ns = dict(C=200 * pF, gl=10 * nS, El=-60 * mV, Vt=-50 * mV, Vr=-60 * mV, Ee=0 * mV, Ei=-80 * mV,
                  taue=5 * ms, taui=10 * ms, we=6 * nS, wi=67 * nS)
        eqs = '''
        dv/dt  = (gl * (El - v) + ge * (Ee - v) + gi * (Ei - v)) / C : volt (unless refractory)
        dge/dt = -ge / taue : siemens
        dgi/dt = -gi / taui : siemens
        '''
        group = b2.NeuronGroup(n, eqs, threshold='v > Vt', reset='v = Vr', refractory=5 * ms,
                               method='euler', namespace=ns)
        group.v = 'Vr + rand() * (Vt - Vr)'
        # Brette et al. 2007 initial conductances, (N(4, 1.5^2)) gl and (N(20, 12^2)) gl, so that
        # activity self-sustains without external input.
        group.ge = '(randn() * 1.5 + 4) * 10 * nS'
        group.gi = '(randn() * 12 + 20) * 10 * nS'
    exc = b2.Synapses(group, group, on_pre='ge += we', namespace=ns)
    inh = b2.Synapses(group, group, on_pre='gi += wi', namespace=ns)
    exc.connect('i < n_exc', p=p, namespace={'n_exc': n_exc})
    inh.connect('i >= n_exc', p=p, namespace={'n_exc': n_exc})
    monitor = b2.SpikeMonitor(group)
    return b2.Network(group, exc, inh, monitor), monitor, len(exc) + len(inh)


def time_case(kind, target, repeats, duration_s, b2):
    b2.prefs.codegen.target = target
    b2.seed(1)
    net, monitor, synapses = build(kind, b2)
    net.store('initial')
    # Warm-up: the first run generates and compiles code (tens of seconds cold for Cython, cached
    # on disk afterwards); it is not part of the timing.
    t0 = time.perf_counter()
    net.run(10 * b2.ms)
    warmup = time.perf_counter() - t0
    runs = []
    for _ in range(repeats):
        net.restore('initial')
        w0, c0 = time.perf_counter(), time.process_time()
        net.run(duration_s * b2.second)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        # Brian2's own figure: the main simulation loop, without the per-run preparation (before_run).
        loop = b2.get_device()._last_run_time
        runs.append({'wall': wall, 'cpu': cpu, 'loop': loop, 'spikes': int(monitor.num_spikes)})
    med = lambda key: statistics.median(r[key] for r in runs)
    return {
        'target': target, 'resolved': resolved_target(target, b2), 'synapses': int(synapses),
        'rateHz': med('spikes') / (4000 * duration_s),
        'wallPerSimSecond': med('wall') / duration_s, 'cpuPerSimSecond': med('cpu') / duration_s,
        'loopPerSimSecond': med('loop') / duration_s, 'warmupSeconds': warmup, 'runs': runs,
    }


def resolved_target(target, b2):
    if target != 'auto':
        return target
    from brian2.devices.device import auto_target
    return auto_target().class_name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--targets', default='auto,numpy')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--duration', type=float, default=1.0, help='simulated seconds')
    ap.add_argument('--kinds', default='cuba,coba')
    args = ap.parse_args()
    try:
        import brian2 as b2
    except ImportError as e:
        print(json.dumps({'available': False, 'note': f'brian2 not importable: {e}'}))
        return
    b2.BrianLogger.log_level_warn()
    out = {'available': True, 'version': b2.__version__, 'python': sys.version.split()[0], 'cases': {}}
    for kind in args.kinds.split(','):
        out['cases'][kind] = {}
        for target in args.targets.split(','):
            print(f'brian2 {kind} {target}...', file=sys.stderr)
            out['cases'][kind][target] = time_case(kind, target, args.repeats, args.duration, b2)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
