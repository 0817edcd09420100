"""Benchmark of the QIF network: N = 10 000 neurons for 100 time units at dt = 1e-3 on one core.

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


def run(N: int = 10_000, t_end: float = 100.0, dt: float = 1e-3) -> dict[str, object]:
    """Time one network run and compare with a plain-numpy Euler loop of the same size (the baseline)."""
    import numpy as np

    from benchmarks.machine import describe
    from nmmtools import QIFNetwork, simulate_network

    net = QIFNetwork(N=N)
    tic = time.perf_counter()
    result = simulate_network(net, (0.0, t_end), dt, I=3.0, seed=1, initial=(1.37, -0.12))
    seconds = time.perf_counter() - tic

    # baseline: the bare Euler update of N voltages, no resets or bookkeeping, same number of steps
    voltage, eta = np.zeros(N), net.excitabilities()
    tic = time.perf_counter()
    for _ in range(int(round(t_end / dt))):
        voltage = np.minimum(voltage + dt * (voltage * voltage + eta), 100.0)
    baseline = time.perf_counter() - tic
    return {
        "N": N,
        "t_end": t_end,
        "dt": dt,
        "seconds": round(seconds, 2),
        "bare_euler_seconds": round(baseline, 2),
        "ratio_to_bare_euler": round(seconds / baseline, 2),
        "target_seconds": 30.0,
        "mean_rate_after_t_50": float(result.r[result.t > 50].mean()),
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
