"""The benchmark suite: energy drift, cost against baselines, book build and figure times.

Every timing is reported as a ratio against a baseline measured in the same process
(or next to it), so the numbers mean something on another machine too.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from scipy.integrate import solve_ivp

from benchmarks import peers, splitting_suite
from benchmarks.machine import describe
from nmmtools import MPR, crossing_period, energy, simulate
from nmmtools.figures.export import export
from nmmtools.integrators.splitting import splitting
from nmmtools.integrators.symplectic import rescaled_rhs

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
START = (1.2, 0.0)
"""Initial state of every energy run: an orbit in the well of the default model."""
CHECKPOINTS = (1, 3, 10, 30, 100, 300, 1000, 3000, 10000)
"""Orbit counts at which the energy error is reported."""


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The shortest wall time of ``repeats`` calls of ``run`` (the least disturbed one)."""
    times = []
    for _ in range(repeats):
        tic = time.perf_counter()
        run()
        times.append(time.perf_counter() - tic)
    return min(times)


def rescaled_period(model: MPR) -> float:
    """Period of the benchmark orbit in rescaled time, from upward crossings of v = 0."""
    run = simulate(
        model, START, (0.0, 20.0), time="rescaled", t_eval=np.linspace(0.0, 20.0, 200001), rtol=1e-12
    )
    return crossing_period(run, time="s")


def energy_drift(orbits: int) -> dict[str, object]:
    """Relative energy error against orbit count, for scipy's methods and the symplectic one."""
    model = MPR()
    period = rescaled_period(model)
    s_end = orbits * period
    start = float(energy(model, *START))

    def field(_: float, y: np.ndarray) -> np.ndarray:
        return rescaled_rhs(model, y[0], y[1], model.eta)

    runs: dict[str, Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
    for method in ("RK45", "DOP853"):
        for label, rtol, atol in (("default", 1e-3, 1e-6), ("tight", 1e-10, 1e-12)):

            def scipy_run(method=method, rtol=rtol, atol=atol):
                solution = solve_ivp(field, (0.0, s_end), START, method=method, rtol=rtol, atol=atol)
                return solution.t, solution.y[0], solution.y[1]

            runs[f"{method} {label} (rtol={rtol:g})"] = scipy_run

    def symplectic_run():
        run = simulate(model, START, (0.0, s_end), time="rescaled", method="gauss-legendre", step=0.05)
        return run.s, run.r, run.v

    runs["Gauss-Legendre (step 0.05)"] = symplectic_run

    def splitting_run():
        s, states = splitting(model, START, (0.0, s_end), order=8, step=0.1)
        return s, states[0], states[1]

    runs["splitting order 8 (step 0.1)"] = splitting_run
    checkpoints = [count for count in CHECKPOINTS if count <= orbits]
    table = {}
    for name, run in runs.items():
        tic = time.process_time()  # CPU time: less sensitive than wall time to other load on the machine
        s, r, v = run()
        seconds = time.process_time() - tic
        running_max = np.maximum.accumulate(np.abs(energy(model, r, v) - start) / abs(start))
        at = np.searchsorted(s, np.array(checkpoints) * period, side="right") - 1
        table[name] = {"error": [float(running_max[i]) for i in at], "seconds": round(seconds, 2)}
        print(f"  {name:32s} error after {orbits} orbits {running_max[-1]:.2e} ({seconds:.1f} s)", flush=True)
    return {"orbits": checkpoints, "period_s": period, "methods": table}


def plot_drift(drift: dict[str, object], path: Path) -> None:
    """Log-log plot of the energy error against orbit count."""
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    axes = figure.subplots()
    for name, entry in drift["methods"].items():  # type: ignore[union-attr]
        style = {"color": "k", "lw": 2} if name.startswith("Gauss") else {"lw": 1.2}
        if name.startswith("splitting"):
            style = {"color": "tab:purple", "lw": 2, "ls": "--"}
        axes.loglog(drift["orbits"], np.maximum(entry["error"], 1e-17), marker="o", ms=3, label=name, **style)
    axes.axhline(1e-10, color="0.5", ls=":", lw=1)
    axes.set_xlabel("number of orbits")
    axes.set_ylabel("largest relative error of $H$ so far")
    axes.legend(fontsize=7, loc="upper left")
    figure.savefig(path, dpi=120)


def peer_rhs() -> tuple[Callable[[float, np.ndarray], np.ndarray] | None, str]:
    """The MPR right-hand side of The Virtual Brain (``MontbrioPazoRoxin.dfun``), if installed."""
    if importlib.util.find_spec("tvb") is None:
        return None, "tvb-library is not installed (pip install -e '.[bench]' installs it)"
    from tvb.simulator.models.infinite_theta import MontbrioPazoRoxin

    model = MontbrioPazoRoxin(
        tau=np.array([1.0]),
        Delta=np.array([0.0]),
        J=np.array([15.0]),
        eta=np.array([-5.0]),
        I=np.array([0.0]),
    )
    coupling = np.zeros((2, 1, 1))

    def rhs(_: float, y: np.ndarray) -> np.ndarray:
        return model.dfun(y.reshape(2, 1, 1), coupling).ravel()

    return rhs, "The Virtual Brain, tvb.simulator.models.infinite_theta.MontbrioPazoRoxin"


def cost(t_end: float = 200.0, repeats: int = 5) -> dict[str, object]:
    """Wall time of ``simulate`` against plain ``solve_ivp`` (and a peer's model), same tolerances."""
    model = MPR()
    rtol, atol = 1e-9, 1e-12
    results: dict[str, object] = {"t_end": t_end, "rtol": rtol, "atol": atol, "method": "DOP853"}

    def ours():
        return simulate(model, START, (0.0, t_end), rtol=rtol, atol=atol)

    def baseline():
        return solve_ivp(
            lambda t, y: model.rhs(t, y), (0.0, t_end), START, method="DOP853", rtol=rtol, atol=atol
        )

    final = {"nmmtools.simulate": ours().r[-1], "scipy solve_ivp": baseline().y[0, -1]}
    times = {"nmmtools.simulate": best_of(repeats, ours), "scipy solve_ivp": best_of(repeats, baseline)}
    peer, peer_name = peer_rhs()
    results["peer"] = peer_name
    if peer is not None:

        def peer_run():
            return solve_ivp(peer, (0.0, t_end), START, method="DOP853", rtol=rtol, atol=atol)

        final["peer"] = peer_run().y[0, -1]
        times["peer"] = best_of(repeats, peer_run)
    reference = solve_ivp(
        lambda t, y: model.rhs(t, y), (0.0, t_end), START, method="DOP853", rtol=1e-13, atol=1e-15
    )
    orbits = t_end / (rescaled_period(model) / float(np.mean(reference.y[0] ** 2)))  # rough count in t
    results["seconds"] = {name: round(value, 4) for name, value in times.items()}
    results["seconds_per_orbit"] = {name: value / orbits for name, value in times.items()}
    results["error_of_final_r"] = {
        name: abs(float(value) - reference.y[0, -1]) for name, value in final.items()
    }
    results["ratio_to_scipy"] = {
        name: round(value / times["scipy solve_ivp"], 3) for name, value in times.items()
    }
    return results


def book_build() -> dict[str, float]:
    """Wall time of a clean build of the book and of a rebuild with nothing changed.

    Both run what ``make book`` runs, into a temporary folder: the notebooks executed in
    parallel into the build's cache, then Jupyter Book.
    """
    with tempfile.TemporaryDirectory() as output:
        execute = [
            sys.executable,
            str(ROOT / "scripts" / "execute_parallel.py"),
            "--cache",
            str(Path(output) / "_build" / ".jupyter_cache"),
            *sorted(str(path) for path in (ROOT / "book").glob("*.ipynb")),
        ]
        build = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT)]
        build += ["--path-output", output, "-W", "-n", "--keep-going"]
        timings = {}
        for label in ("clean", "unchanged"):
            tic = time.perf_counter()
            subprocess.run(execute, check=True, capture_output=True)
            subprocess.run(build, check=True, capture_output=True)
            timings[label] = round(time.perf_counter() - tic, 1)
            print(f"  book build, {label}: {timings[label]} s", flush=True)
    return timings


def figures() -> dict[str, float]:
    """Wall time of regenerating every figure (PNG and PDF)."""
    with tempfile.TemporaryDirectory() as output:
        tic = time.perf_counter()
        manifest = export(outdir=output)
        return {"figures": len(manifest["figures"]), "seconds": round(time.perf_counter() - tic, 1)}


def network() -> dict[str, object] | None:
    """The QIF network benchmark of ``benchmarks/qif_network.py``, if that module exists."""
    if importlib.util.find_spec("benchmarks.qif_network") is None:
        return None
    from benchmarks import qif_network

    return qif_network.run()


def table(results: dict[str, object]) -> str:
    """A Markdown summary of the results."""
    machine = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['system']}, "
        f"Python {machine['python']}.",
        "",
        "## 1. Relative energy error against orbit count",
        "",
    ]
    drift = results["energy_drift"]
    lines += ["| method | " + " | ".join(str(n) for n in drift["orbits"]) + " | seconds |"]
    lines += ["|---" * (len(drift["orbits"]) + 2) + "|"]
    lines[-2] = lines[-2].replace("| seconds |", "| CPU seconds |")
    for name, entry in drift["methods"].items():
        lines += [
            f"| {name} | " + " | ".join(f"{e:.1e}" for e in entry["error"]) + f" | {entry['seconds']} |"
        ]
    cost_results = results["cost"]
    setting = f"DOP853, rtol={cost_results['rtol']:g}, t = 0..{cost_results['t_end']:g}"
    lines += ["", f"## 2. Cost of one integration ({setting})", ""]
    lines += [
        "| implementation | seconds | ratio to scipy solve_ivp | error of final r |",
        "|---|---|---|---|",
    ]
    for name, seconds in cost_results["seconds"].items():
        ratio, error = cost_results["ratio_to_scipy"][name], cost_results["error_of_final_r"][name]
        lines += [f"| {name} | {seconds} | {ratio} | {error:.1e} |"]
    lines += ["", "Error of final r: against a DOP853 run at rtol = 1e-13."]
    lines += ["", f"Peer: {cost_results['peer']}."]
    if not results.get("book"):
        lines += ["", "## 3. Book build", "", "Not timed in this run (--skip-book)."]
    if not results.get("figures"):
        lines += ["", "## 4. Figures", "", "Not timed in this run (--skip-figures)."]
    if results.get("book"):
        book = results["book"]
        lines += [
            "",
            "## 3. Book build",
            "",
            f"Clean build {book['clean']} s; unchanged rebuild {book['unchanged']} s.",
        ]
    if results.get("figures"):
        fig = results["figures"]
        lines += ["", "## 4. Figures", "", f"{fig['figures']} figures (PNG and PDF) in {fig['seconds']} s."]
    if results.get("network"):
        network = {key: value for key, value in results["network"].items() if key != "machine"}
        lines += ["", "## 5. QIF network", "", "```json", json.dumps(network, indent=2), "```"]
    if results.get("splitting"):
        lines += splitting_table(results["splitting"])
    if results.get("peers"):
        lines += peers_table(results["peers"])
    return "\n".join(lines) + "\n"


def splitting_table(split: dict[str, object]) -> list[str]:
    """Markdown for the splitting benchmarks: work-precision table and the two goals."""
    wp = split["work_precision"]
    lines = [
        "",
        "## 6. Explicit splitting (nmmtools.integrators.splitting)",
        "",
        f"### Work-precision: largest relative energy error within {wp['orbits']} orbits, CPU time",
        "",
        "![work-precision diagram](work_precision.png)",
        "",
        "| method | step or rtol | error | CPU s |",
        "|---|---|---|---|",
    ]
    for name, rows in wp["methods"].items():
        lines += [f"| {name} | {row['setting']:g} | {row['error']:.1e} | {row['seconds']} |" for row in rows]
    ensemble, long = split["ensemble"], split["long_orbit"]
    lines += [
        "",
        "### Goals",
        "",
        f"- {ensemble['orbits']} orbits over {ensemble['periods']} periods at once (order 8, step "
        f"{ensemble['step']}): {ensemble['cpu_seconds']} s CPU, largest relative energy error "
        f"{ensemble['max_relative_energy_error']:.1e} (goal < 3 s and <= 1e-10: "
        f"{'met' if ensemble['met'] else 'NOT met'}).",
        f"- One orbit over {long['periods']} periods: splitting (order 8, step {long['splitting']['step']}) "
        f"{long['splitting']['cpu_seconds']} s, error {long['splitting']['max_error']:.1e}; "
        f"DOP853 at rtol 1e-10 {long['DOP853 rtol 1e-10']['cpu_seconds']} s, "
        f"error {long['DOP853 rtol 1e-10']['max_error']:.1e}; "
        f"CPU ratio {long['cpu_ratio_splitting_to_DOP853']} (goal < 1 with error <= 1e-10: "
        f"{'met' if long['met'] else 'NOT met'}).",
    ]
    return lines


def peers_table(peers: dict[str, object]) -> list[str]:
    """Markdown for the peer packages run as their users run them."""
    lines = [
        "",
        "## 7. Peers as their users run them",
        "",
        f"{peers['setting']}; errors against {peers['reference']}.",
        "",
        "| peer run | CPU s | error of r | nmmtools rtol (matched) | nmmtools CPU s | cost ratio | "
        "max difference of r |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in peers["runs"].items():
        lines += [
            f"| {name} | {row['cpu_seconds']} | {row['max_error_r']:.1e} | "
            f"{row['nmmtools_rtol_at_matched_accuracy']:g} | {row['nmmtools_cpu_seconds']} | "
            f"{row['cost_ratio_peer_to_nmmtools']} | {row['max_difference_r_peer_vs_nmmtools']:.1e} |"
        ]
    for name, reason in peers["unavailable"].items():
        lines += [f"| {name} | not run: {reason} | | | | | |"]
    lines += [
        "",
        "Cost ratio: the peer's CPU time over that of `nmmtools.simulate` (DOP853) at the loosest rtol",
        "in 1e-4 .. 1e-12 whose error is no larger than the peer's. Notes on the peers' errors:",
        "",
        "- PyRates keeps its variables in float32 unless `float_precision='float64'` is passed, so its",
        "  default run cannot get below an error of about 1e-7 whatever the tolerance.",
        "- PyRates' generated vector field writes into one shared array `dy` and returns it. SciPy's DOP853",
        "  keeps the returned array as the derivative at the end of the step and then evaluates the field",
        "  again (dense output for the sampling times, rejected steps), which overwrites it: the error",
        "  estimate then rejects most steps, and the result is far less accurate than rtol (float64 row;",
        "  `benchmarks.peers.shared_buffer_demo()` shows it with plain SciPy). RK45 (no dense-output",
        "  evaluations) suffers only after a rejected step, and had none in the run above.",
        "  PyRates' Heun solver computes `rhs = f(y)` and",
        "  `f(y + dt rhs)` into the same buffer, so it steps `y + dt f(y + dt f(y))`, a first-order method.",
        "- The Virtual Brain's `Dop853` restarts SciPy's `ode` integrator every `dt` with its default",
        "  tolerances; its fixed-step integrators run one Python-level step per `dt`.",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and write ``benchmarks/results/``."""
    cli = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    cli.add_argument(
        "--orbits", type=int, default=10000, help="orbits of the energy-drift runs (default 10000)"
    )
    cli.add_argument("--skip-book", action="store_true", help="do not time the book build")
    cli.add_argument("--skip-network", action="store_true", help="do not run the QIF network benchmark")
    cli.add_argument("--skip-figures", action="store_true", help="do not time the figure regeneration")
    cli.add_argument("--skip-splitting", action="store_true", help="do not run the splitting benchmarks")
    cli.add_argument("--skip-peers", action="store_true", help="do not run the peer packages")
    cli.add_argument(
        "--outdir", default=str(RESULTS), help="where to write results (default benchmarks/results)"
    )
    arguments = cli.parse_args(argv)
    if arguments.orbits < 1:
        print(f"error: --orbits must be >= 1, got {arguments.orbits}", file=sys.stderr)
        return 2
    outdir = Path(arguments.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, object] = {"machine": describe()}
    print("1. energy error against orbit count", flush=True)
    results["energy_drift"] = drift = energy_drift(arguments.orbits)
    plot_drift(drift, outdir / "energy_error.png")
    print("2. cost against scipy and a peer", flush=True)
    results["cost"] = cost()
    if not arguments.skip_book:
        print("3. book build", flush=True)
        results["book"] = book_build()
    if not arguments.skip_figures:
        print("4. figures", flush=True)
        results["figures"] = figures()
    if not arguments.skip_network:
        print("5. QIF network", flush=True)
        results["network"] = network()
    if not arguments.skip_splitting:
        print("6. explicit splitting", flush=True)
        results["splitting"] = splitting_suite.run_all(drift["period_s"], outdir)
    if not arguments.skip_peers:
        print("7. peers as their users run them", flush=True)
        results["peers"] = peers.run_all()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (outdir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    summary = table(results)
    (outdir / "results.md").write_text(summary)
    print(summary)
    print(f"benchmarks finished in {results['total_seconds']} s; results in {outdir}")
    return 0
