"""Benchmark of the QIF network: N = 10 000 neurons for 100 time units at dt = 1e-3 on one core (CPU time).

Run ``python benchmarks/qif_network.py`` (or as part of ``python -m benchmarks``);
it writes ``benchmarks/results/qif_network.json``. Set the thread count of the
numerical libraries to 1 before numpy is imported, so that the figure is for one core.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def run(N: int = 10_000, t_end: float = 100.0, dt: float = 1e-3, repeats: int = 2) -> dict[str, object]:
    """Time the network run and a bare Euler loop on arrays of the same size, alternately, in one process.

    The baseline is the bare Euler update of ``N`` voltages (no resets or bookkeeping), the
    same number of steps. Each is run ``repeats`` times, alternating, and the least CPU time of
    each is kept, so that both see the same machine load. Also timed, per step: the exact
    update alone (:class:`nmmtools.models.qif.DriveStepper`) and the tan/tanh formula
    :func:`nmmtools.models.qif.exact_step` that the loop used before.
    """
    import numpy as np

    from benchmarks.machine import describe
    from nmmtools.models.qif import DriveStepper, QIFNetwork, exact_step, simulate_network

    net = QIFNetwork(N=N)
    eta = net.excitabilities()
    steps = int(round(t_end / dt))

    def network():
        return simulate_network(net, (0.0, t_end), dt, I=3.0, seed=1, initial=(1.37, -0.12))

    def euler():
        voltage = np.zeros(N)
        for _ in range(steps):
            voltage = np.minimum(voltage + dt * (voltage * voltage + eta), 100.0)

    seconds, baseline, result = [], [], None
    for _ in range(repeats):
        tic = time.process_time()
        result = network()
        seconds.append(time.process_time() - tic)
        tic = time.process_time()
        euler()
        baseline.append(time.process_time() - tic)
    per_step = {}
    voltage = np.random.default_rng(0).uniform(-2.0, 2.0, N)
    stepper = DriveStepper(eta, dt, net.v_peak)
    for name, step, count in (
        ("exact update (DriveStepper)", lambda: stepper.advance(voltage, 23.6, net.v_peak), 2000),
        (
            "exact update, tan/tanh formula (exact_step)",
            lambda: exact_step(voltage, eta + 23.6, dt, 100.0),
            200,
        ),
    ):
        tic = time.process_time()
        for _ in range(count):
            step()
        per_step[name] = (time.process_time() - tic) / count
    euler_step = min(baseline) / steps
    return {
        "N": N,
        "t_end": t_end,
        "dt": dt,
        "cpu_seconds": round(min(seconds), 2),
        "bare_euler_cpu_seconds": round(min(baseline), 2),
        "ratio_to_bare_euler": round(min(seconds) / min(baseline), 2),
        "target_ratio": 3.0,
        "microseconds_per_step": {
            "network step": round(1e6 * min(seconds) / steps, 1),
            "bare Euler step": round(1e6 * euler_step, 1),
            **{name: round(1e6 * value, 1) for name, value in per_step.items()},
        },
        "ratio_per_step_to_bare_euler": {
            name: round(value / euler_step, 2) for name, value in per_step.items()
        },
        "mean_rate_after_t_50": float(result.r[result.t > 50].mean()) if t_end > 50 else None,
        "machine": describe(),
    }


def main() -> int:
    """Run the benchmark, print the result and write it to ``results/qif_network.json``."""
    result = run()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "qif_network.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({key: value for key, value in result.items() if key != "machine"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
