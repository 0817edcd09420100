import json

import pytest

from benchmarks.suite import main

pytestmark = pytest.mark.slow


def test_benchmark_entry_point_writes_results(tmp_path, capsys):
    status = main(
        ["--orbits", "3", "--skip-book", "--skip-network", "--skip-figures", "--outdir", str(tmp_path)]
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
