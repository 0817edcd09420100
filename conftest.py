"""Session guard: the tests and notebooks must write nothing inside the repository.

Files under the build, cache and environment folders are allowed; anything else
that appears or changes during ``make test`` fails the run and is listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
ALLOWED = {
    ".git",
    ".venv",
    "_build",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    ".jupyter_cache",
    "__pycache__",
}


def snapshot() -> dict[Path, int]:
    """Modification time of every file outside the allowed folders."""
    files = {}
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if (
            path.is_file()
            and not ALLOWED.intersection(relative.parts)
            and not relative.parts[0].endswith(".egg-info")
        ):
            files[relative] = path.stat().st_mtime_ns
    return files


def pytest_sessionstart(session: pytest.Session) -> None:
    """Record the files before any test runs."""
    session.config.stash[before_key] = snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if a file outside the allowed folders appeared or changed."""
    before = session.config.stash.get(before_key, None)
    if before is None:
        return
    after = snapshot()
    written = sorted(str(path) for path, mtime in after.items() if before.get(path) != mtime)
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "the test session wrote files inside the repository: " + ", ".join(written)
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


before_key = pytest.StashKey[dict[Path, int]]()
