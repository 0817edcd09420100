"""The MPR model run by peer packages as their users run them, against :func:`nmmtools.simulate`.

* PyRates (``pip install pyrates``): its ``qif`` template (the MPR model) with its own
  ``CircuitTemplate.run``, on the SciPy backend (DOP853) and on its fixed-step Heun solver.
* The Virtual Brain (``tvb-library``): ``MontbrioPazoRoxin`` on a one-region connectivity
  with its own ``Simulator``, with its fixed-step Runge-Kutta 4 and its ``Dop853`` integrator.

Every run is the homogeneous model (Delta = 0, eta = -5, J = 15, tau = 1) from (r, v) = (1.2, 0)
over 40 time units, sampled every 0.01. Each peer's error is the largest difference in r from a
DOP853 run at rtol 1e-13; ``nmmtools.simulate`` is then timed at the loosest tolerance in
1e-4 .. 1e-12 that is at least as accurate (matched accuracy), and the cost ratio is peer / ours.
CPU times include what a user's call includes (PyRates generates and imports code in ``run``).
Both packages install offline here from the local package index (``make bench``).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Callable

import numpy as np

from nmmtools import MPR, simulate

T_END, DT_SAMPLE, START = 40.0, 0.01, (1.2, 0.0)
RTOLS = (1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12)


def samples() -> np.ndarray:
    """The common sampling grid 0, 0.01, ..., 39.99 (PyRates' grid stops one sample short of 40)."""
    return np.arange(int(round(T_END / DT_SAMPLE))) * DT_SAMPLE


def ours(rtol: float) -> np.ndarray:
    """``nmmtools.simulate`` (DOP853) on the sampling grid: rows r, v."""
    run = simulate(MPR(), START, (0.0, T_END), t_eval=samples(), rtol=rtol, atol=rtol * 1e-2)
    return np.array([run.r, run.v])


def pyrates_run(solver: str, step: float, **options: object) -> Callable[[], np.ndarray]:
    """A PyRates run of its ``qif`` template, built and run as its documentation shows."""

    def run() -> np.ndarray:
        from pyrates import CircuitTemplate, clear

        circuit = CircuitTemplate.from_yaml("model_templates.neural_mass_models.qif.qif")
        circuit.update_var(
            node_vars={
                "p/qif_op/Delta": 0.0,
                "p/qif_op/eta": -5.0,
                "p/qif_op/r": START[0],
                "p/qif_op/v": START[1],
            }
        )
        result = circuit.run(
            simulation_time=T_END,
            step_size=step,
            solver=solver,
            outputs={"r": "p/qif_op/r", "v": "p/qif_op/v"},
            sampling_step_size=DT_SAMPLE,
            verbose=False,
            **options,
        )
        clear(circuit)
        return np.array([result["r"].to_numpy(), result["v"].to_numpy()])

    return run


def tvb_run(integrator: str, dt: float) -> Callable[[], np.ndarray]:
    """A run of The Virtual Brain's ``MontbrioPazoRoxin`` on one uncoupled region with its own simulator."""

    def run() -> np.ndarray:
        from tvb.datatypes.connectivity import Connectivity
        from tvb.simulator import coupling, integrators, monitors, simulator
        from tvb.simulator.models.infinite_theta import MontbrioPazoRoxin

        one = np.array([1.0])
        model = MontbrioPazoRoxin(
            tau=one, Delta=0 * one, J=15 * one, eta=-5 * one, I=0 * one, cr=0 * one, cv=0 * one
        )
        region = Connectivity(
            weights=np.zeros((1, 1)),
            tract_lengths=np.zeros((1, 1)),
            region_labels=np.array(["p"]),
            centres=np.zeros((1, 3)),
            speed=np.array([np.inf]),
        )
        sim = simulator.Simulator(
            model=model,
            connectivity=region,
            coupling=coupling.Linear(a=np.array([0.0])),
            integrator=getattr(integrators, integrator)(dt=dt),
            monitors=(monitors.Raw(),),
            simulation_length=T_END,
            initial_conditions=np.array(START).reshape(1, 2, 1, 1),
        )
        sim.configure()
        ((times, states),) = sim.run()
        # Raw samples every dt from t = dt; take those on the common grid (t = 0 is the start)
        every = int(round(DT_SAMPLE / dt))
        r = np.concatenate([[START[0]], states[every - 1 :: every, 0, 0, 0]])[: samples().size]
        v = np.concatenate([[START[1]], states[every - 1 :: every, 1, 0, 0]])[: samples().size]
        return np.array([r, v])

    return run


def cpu(run: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    """CPU time of one call of ``run`` and its result."""
    tic = time.process_time()
    result = run()
    return time.process_time() - tic, result


def run_all() -> dict[str, object]:
    """Each peer run, its error, and nmmtools.simulate at matched accuracy."""
    reference = ours(1e-13)
    matched: dict[float, tuple[float, float, np.ndarray]] = {}
    for rtol in RTOLS:
        seconds, states = cpu(lambda rtol=rtol: ours(rtol))
        matched[rtol] = (seconds, float(np.max(np.abs(states[0] - reference[0]))), states)
    peers: dict[str, Callable[[], np.ndarray]] = {}
    unavailable = {}
    if importlib.util.find_spec("pyrates") is None:
        unavailable["PyRates"] = "not installed (pip install -e '.[bench]')"
    else:
        # PyRates keeps its variables in float32 unless told otherwise: that alone limits the error
        # to about 1e-7. The first run is the default, the others ask for float64.
        peers["PyRates, scipy DOP853 rtol 1e-10 (default float32)"] = pyrates_run(
            "scipy", 1e-3, method="DOP853", rtol=1e-10, atol=1e-12
        )
        peers["PyRates, scipy DOP853 rtol 1e-10, float64"] = pyrates_run(
            "scipy", 1e-3, method="DOP853", rtol=1e-10, atol=1e-12, float_precision="float64"
        )
        peers["PyRates, scipy RK45 rtol 1e-10, float64"] = pyrates_run(
            "scipy", 1e-3, method="RK45", rtol=1e-10, atol=1e-12, float_precision="float64"
        )
        peers["PyRates, fixed-step Heun dt 1e-4, float64"] = pyrates_run(
            "heun", 1e-4, float_precision="float64"
        )
    if importlib.util.find_spec("tvb") is None:
        unavailable["The Virtual Brain"] = "tvb-library is not installed (pip install -e '.[bench]')"
    else:
        peers["The Virtual Brain, RungeKutta4thOrderDeterministic, dt 0.01"] = tvb_run(
            "RungeKutta4thOrderDeterministic", 0.01
        )
        peers["The Virtual Brain, HeunDeterministic, dt 0.001"] = tvb_run("HeunDeterministic", 0.001)
        peers["The Virtual Brain, Dop853 (scipy ode, its tolerances), dt 0.01"] = tvb_run("Dop853", 0.01)
    results: dict[str, object] = {}
    workdir = tempfile.mkdtemp(prefix="nmm-peers-")  # PyRates writes its generated module to the cwd
    here = os.getcwd()
    logging.getLogger("tvb").setLevel(logging.ERROR)
    try:
        os.chdir(workdir)
        for name, run in peers.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                seconds, states = cpu(run)
            error = float(np.max(np.abs(states[0] - reference[0])))
            candidates = [rtol for rtol in RTOLS if matched[rtol][1] <= error]
            rtol = candidates[0] if candidates else RTOLS[-1]
            ours_seconds, ours_error, ours_states = matched[rtol]
            results[name] = {
                "cpu_seconds": round(seconds, 3),
                "max_error_r": error,
                "nmmtools_rtol_at_matched_accuracy": rtol,
                "nmmtools_cpu_seconds": round(ours_seconds, 4),
                "nmmtools_max_error_r": ours_error,
                "cost_ratio_peer_to_nmmtools": round(seconds / ours_seconds, 1),
                "max_difference_r_peer_vs_nmmtools": float(np.max(np.abs(states[0] - ours_states[0]))),
            }
            print(f"  {name}: {results[name]}", flush=True)
    finally:
        os.chdir(here)
    return {
        "setting": "Delta = 0, eta = -5, J = 15, tau = 1, from (1.2, 0), t = 0..40, samples every 0.01",
        "reference": "nmmtools.simulate, DOP853 at rtol 1e-13",
        "runs": results,
        "unavailable": unavailable,
    }


def shared_buffer_demo(method: str = "DOP853", rtol: float = 1e-10) -> dict[str, dict[str, float]]:
    """SciPy's ``solve_ivp`` with a field that returns one shared array, as PyRates' does, and with a copy.

    Returns the number of field evaluations and the largest error of r on the sampling grid
    against a DOP853 run at rtol 1e-13, for the shared and the copied output.
    """
    from scipy.integrate import solve_ivp

    model, shared = MPR(), np.empty(2)

    def field(t: float, y: np.ndarray) -> np.ndarray:
        shared[:] = model.rhs(t, y)
        return shared

    reference = ours(1e-13)[0]
    results = {}
    for name, fun in (("shared", field), ("copied", lambda t, y: field(t, y).copy())):
        run = solve_ivp(
            fun,
            (0.0, T_END),
            START,
            method=method,
            rtol=rtol,
            atol=rtol * 1e-2,
            first_step=1e-3,
            t_eval=samples(),
        )
        results[name] = {
            "evaluations": int(run.nfev),
            "max_error_r": float(np.max(np.abs(run.y[0] - reference))),
        }
    return results
