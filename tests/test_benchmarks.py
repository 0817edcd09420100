import json

import pytest

from benchmarks.suite import main

pytestmark = pytest.mark.slow


def test_benchmark_entry_point_writes_results(tmp_path, capsys):
    status = main(
        [
            "--orbits",
            "3",
            "--skip-book",
            "--skip-network",
            "--skip-figures",
            "--skip-splitting",
            "--skip-peers",
            "--outdir",
            str(tmp_path),
        ]
    )
    assert status == 0
    results = json.loads((tmp_path / "results.json").read_text())
    errors = results["energy_drift"]["methods"]
    assert max(errors["Gauss-Legendre (step 0.05)"]["error"]) < 1e-10
    assert errors["RK45 default (rtol=0.001)"]["error"][-1] > 1e-6
    assert (tmp_path / "energy_error.png").stat().st_size > 0
    assert "ratio to scipy solve_ivp" in (tmp_path / "results.md").read_text()


def test_benchmark_rejects_a_bad_orbit_count(tmp_path, capsys):
    assert main(["--orbits", "0", "--outdir", str(tmp_path)]) == 2
    assert "--orbits must be >= 1" in capsys.readouterr().err


def test_splitting_benchmarks_run_small(tmp_path):
    """The work-precision table, the diagram and both goals on a tiny problem; the Markdown renders."""
    from benchmarks import splitting_suite
    from benchmarks.suite import splitting_table

    period = 2.0317
    table = splitting_suite.work_precision(period, orbits=2)
    splitting_suite.plot_work_precision(table, 2, tmp_path / "work_precision.png")
    assert (tmp_path / "work_precision.png").stat().st_size > 0
    assert {"Gauss-Legendre (order 6)", "DOP853", "RK45", "LSODA"} <= set(table)
    assert sum(name.startswith("splitting order") for name in table) == 4
    ensemble = splitting_suite.ensemble_goal(period, n=6, periods=2)
    long = splitting_suite.long_orbit_goal(period, periods=3)
    assert ensemble["max_relative_energy_error"] < 1e-9 and long["splitting"]["max_error"] < 1e-10
    text = "\n".join(
        splitting_table(
            {"work_precision": {"orbits": 2, "methods": table}, "ensemble": ensemble, "long_orbit": long}
        )
    )
    assert "| DOP853 | 1e-10 |" in text and "One orbit over 3 periods" in text


def test_a_shared_output_array_spoils_dop853():
    """The effect the peers' notes describe: DOP853 needs many more evaluations and loses accuracy.

    RK45 suffers only after rejected steps: at rtol 1e-6 it has some, at 1e-10 none here.
    """
    from benchmarks.peers import shared_buffer_demo

    dop = shared_buffer_demo("DOP853", 1e-8)
    assert dop["shared"]["evaluations"] > 3 * dop["copied"]["evaluations"]
    assert dop["shared"]["max_error_r"] > 100 * dop["copied"]["max_error_r"]
    assert shared_buffer_demo("RK45", 1e-6)["shared"] != shared_buffer_demo("RK45", 1e-6)["copied"]
    tight = shared_buffer_demo("RK45", 1e-10)
    assert tight["shared"] == tight["copied"]
