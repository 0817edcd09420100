"""Benchmarks of the explicit splitting integrator (``nmmtools.integrators.splitting``).

* a work-precision diagram: the relative energy error within 1000 orbits against CPU time,
  for the splitting of orders 2 to 8 at several steps, Gauss-Legendre and SciPy's DOP853,
  RK45 and LSODA (through :func:`nmmtools.simulate`), all in one process;
* the goals of issue 20: 1000 orbits over 100 periods, and one orbit over 10 000 periods
  against DOP853 at rtol 1e-10.

CPU times (:func:`time.process_time`) of one core; ratios are taken within one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

import nmmtools
from nmmtools import MPR, energy, simulate
from nmmtools.integrators.splitting import DEFAULT_COMPOSITION, splitting

START = (1.2, 0.0)
"""The benchmark orbit of the default model MPR() (eta = -5, J = 15)."""

SPLITTING_STEPS = {2: (0.02, 0.01, 0.005), 4: (0.1, 0.05, 0.025), 6: (0.2, 0.1, 0.05), 8: (0.25, 0.15, 0.1)}
GAUSS_STEPS = (0.2, 0.1, 0.05)
SCIPY_RTOLS = {
    "DOP853": (1e-4, 1e-6, 1e-8, 1e-10, 1e-12),
    "RK45": (1e-4, 1e-6, 1e-8, 1e-10),
    "LSODA": (1e-4, 1e-6, 1e-8, 1e-10),
}


def cpu(run: Callable[[], object], repeats: int = 1) -> tuple[float, object]:
    """The least CPU time of ``repeats`` calls of ``run``, and the last result."""
    best, result = np.inf, None
    for _ in range(repeats):
        tic = time.process_time()
        result = run()
        best = min(best, time.process_time() - tic)
    return best, result


def aligned(s_end: float, step: float, every: int = 4) -> np.ndarray:
    """Output times every ``every`` steps, with a step no longer than ``step`` that divides ``s_end``."""
    count = every * int(np.ceil(s_end / (every * step) - 1e-9))
    return np.linspace(0.0, s_end, count // every + 1)


def relative_energy_error(model: MPR, r: np.ndarray, v: np.ndarray, start: np.ndarray) -> np.ndarray:
    """``|H(r, v) - H0| / |H0|`` with ``H0`` the energy of ``start`` (one row per orbit)."""
    initial = energy(model, start[..., 0], start[..., 1])
    return np.abs(energy(model, r, v) - np.asarray(initial)[..., None]) / np.abs(
        np.asarray(initial)[..., None]
    )


def settings() -> dict[str, list[dict[str, object]]]:
    """The methods and settings of the benchmark's work-precision diagram (keywords of ``simulate``)."""
    table: dict[str, list[dict[str, object]]] = {
        f"splitting order {order} ({DEFAULT_COMPOSITION[order]})": [
            {"method": "splitting", "order": order, "step": step} for step in steps
        ]
        for order, steps in SPLITTING_STEPS.items()
    }
    table["Gauss-Legendre (order 6)"] = [{"method": "gauss-legendre", "step": step} for step in GAUSS_STEPS]
    for method, rtols in SCIPY_RTOLS.items():
        table[method] = [{"method": method, "rtol": rtol, "atol": rtol * 1e-2} for rtol in rtols]
    return table


def work_precision(period: float, orbits: int = 1000) -> dict[str, list[dict[str, float]]]:
    """Largest relative energy error within ``orbits`` orbits and CPU time, for each method and setting.

    Measured by :func:`nmmtools.work_precision` in this process; short runs are timed three times.
    """
    points = nmmtools.work_precision(MPR(), START, orbits * period, settings=settings(), repeats=3)
    table: dict[str, list[dict[str, float]]] = {}
    for point in points:
        setting = float(point.options.get("step", point.options.get("rtol", 0.0)))  # type: ignore[arg-type]
        table.setdefault(point.method, []).append(
            {"setting": setting, "seconds": round(point.seconds, 3), "error": point.error}
        )
        print(
            f"  {point.method:28s} {setting:8.0e}  error {point.error:.2e}  {point.seconds:7.2f} s",
            flush=True,
        )
    return table


def plot_work_precision(table: dict[str, list[dict[str, float]]], orbits: int, path: Path) -> None:
    """Log-log plot of the energy error against CPU time, one line per method."""
    figure = Figure(figsize=(6.4, 4.6), layout="constrained")
    axes = figure.subplots()
    for name, rows in table.items():
        seconds = [row["seconds"] for row in rows]
        errors = [max(row["error"], 1e-16) for row in rows]
        style = (
            {"lw": 2.0, "marker": "o"}
            if name.startswith("splitting")
            else {"lw": 1.0, "marker": "s", "ls": "--"}
        )
        axes.loglog(seconds, errors, ms=4, label=name, **style)
    axes.axhline(1e-10, color="0.5", ls=":", lw=1)
    axes.set_xlabel("CPU time (s)")
    axes.set_ylabel(f"largest relative error of $H$ within {orbits} orbits")
    axes.set_title("MPR(), orbit through (1.2, 0), rescaled time", fontsize=9)
    axes.legend(fontsize=7, loc="upper left")
    figure.savefig(path, dpi=120)


def ensemble_goal(period: float, n: int = 1000, periods: int = 100, step: float = 0.08) -> dict[str, object]:
    """``n`` orbits at once over ``periods`` periods at order 8: CPU time (best of 3) and energy error.

    The orbits start at ``(r0, 0)`` with ``r0`` evenly spaced in [0.6, 1.4], from 3 % to 82 %
    of the depth of the well (its rim is the saddle at r = 0.494).
    """
    model = MPR()
    r0 = np.linspace(0.6, 1.4, n)
    start = np.column_stack([r0, np.zeros(n)])
    samples = aligned(periods * period, step)
    seconds, (_, states) = cpu(
        lambda: splitting(model, start, (0.0, periods * period), step=step, s_eval=samples), 3
    )
    error = float(relative_energy_error(model, states[0], states[1], start).max())
    return {
        "orbits": n,
        "periods": periods,
        "order": 8,
        "step": step,
        "samples": int(samples.size),
        "cpu_seconds": round(seconds, 3),
        "max_relative_energy_error": error,
        "goal": "cpu_seconds < 3 and error <= 1e-10",
        "met": bool(seconds < 3.0 and error <= 1e-10),
    }


def long_orbit_goal(period: float, periods: int = 10_000, step: float = 0.1) -> dict[str, object]:
    """One orbit over ``periods`` periods: the splitting at order 8 against DOP853 at rtol 1e-10."""
    model, s_end, start = MPR(), periods * period, np.array(START)
    samples = aligned(s_end, step)
    split_seconds, (_, states) = cpu(lambda: splitting(model, START, (0.0, s_end), step=step, s_eval=samples))
    split_error = float(relative_energy_error(model, states[0], states[1], start).max())
    dop_seconds, run = cpu(
        lambda: simulate(model, START, (0.0, s_end), time="rescaled", rtol=1e-10, atol=1e-12)
    )
    dop_error = float(relative_energy_error(model, run.r, run.v, start).max())
    return {
        "periods": periods,
        "splitting": {
            "order": 8,
            "step": step,
            "cpu_seconds": round(split_seconds, 2),
            "max_error": split_error,
        },
        "DOP853 rtol 1e-10": {"cpu_seconds": round(dop_seconds, 2), "max_error": dop_error},
        "cpu_ratio_splitting_to_DOP853": round(split_seconds / dop_seconds, 4),
        "goal": "splitting error <= 1e-10 at less CPU time than DOP853",
        "met": bool(split_error <= 1e-10 and split_seconds < dop_seconds),
    }


def run_all(period: float, outdir: Path, orbits: int = 1000) -> dict[str, object]:
    """All splitting benchmarks; writes the work-precision diagram to ``outdir``."""
    print("  work-precision diagram", flush=True)
    table = work_precision(period, orbits)
    plot_work_precision(table, orbits, outdir / "work_precision.png")
    print("  ensemble of 1000 orbits", flush=True)
    ensemble = ensemble_goal(period)
    print(f"    {ensemble}", flush=True)
    print("  one orbit over 10 000 periods", flush=True)
    long = long_orbit_goal(period)
    print(f"    {long}", flush=True)
    return {"work_precision": {"orbits": orbits, "methods": table}, "ensemble": ensemble, "long_orbit": long}
