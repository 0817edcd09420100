"""Checks on the project's set-up files: they must agree with each other."""

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


OPTIONAL_EXTRAS = {"bench"}
"""Extras that environment.yml leaves out: the benchmark's peer package (The Virtual Brain)
is heavy and only `make bench` needs it, not Binder readers or CI."""


def pyproject_requirements(include_optional=False):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if include_optional or name not in OPTIONAL_EXTRAS:
            requirements.extend(extra)
    return requirements


def environment_requirements():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    return [requirement for requirement in pip_section if not requirement.startswith("-e")]


def normalise(requirement):
    return re.sub(r"[-_.]+", "-", requirement.lower())


def test_environment_and_pyproject_pin_the_same_packages():
    assert sorted(map(normalise, environment_requirements())) == sorted(
        map(normalise, pyproject_requirements())
    )


def test_every_dependency_is_pinned_exactly():
    for requirement in pyproject_requirements(include_optional=True):
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", requirement), requirement


def test_environment_installs_the_package_and_python_version_agrees():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip_section
    python = next(
        item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python")
    )
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python.split("=")[-1] == minimum.removeprefix(">=")


def test_ci_runs_exactly_the_readme_test_command():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in commands if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]
    assert "make test" in (ROOT / "README.md").read_text()


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    for notebook in (ROOT / "book").glob("*.ipynb"):
        assert f"book/{notebook.stem}" in toc, notebook.name


def test_notebooks_are_committed_executed():
    """nbval compares outputs with the committed ones: a notebook without outputs guards nothing."""
    for notebook in (ROOT / "book").glob("*.ipynb"):
        cells = [cell for cell in json.loads(notebook.read_text())["cells"] if cell["cell_type"] == "code"]
        counts = [cell["execution_count"] for cell in cells]
        assert None not in counts, f"{notebook.name} has unexecuted cells: run `make notebooks`"
        assert counts == list(range(1, len(cells) + 1)), f"{notebook.name} was not run top to bottom"


def workflow(name):
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def run_commands(parsed):
    return [step["run"] for job in parsed["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_pages_workflow_builds_with_make_book_and_publishes_the_html():
    parsed = workflow("book.yml")
    triggers = parsed[True] if True in parsed else parsed["on"]  # YAML 1.1 reads `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "make book" in run_commands(parsed)
    uploads = [
        step
        for job in parsed["jobs"].values()
        for step in job["steps"]
        if "upload-pages" in step.get("uses", "")
    ]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert any("deploy-pages" in step.get("uses", "") for step in parsed["jobs"]["deploy"]["steps"])


def test_ci_workflow_runs_make_test_on_pull_requests_with_chromium():
    parsed = workflow("tests.yml")
    triggers = parsed[True] if True in parsed else parsed["on"]
    assert "pull_request" in triggers
    commands = run_commands(parsed)
    assert "make test" in commands
    assert any("chromium" in command and "chromium-driver" in command for command in commands)


def test_launch_buttons_point_at_the_one_repository_url():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url)
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert url not in (ROOT / "_config.yml").read_text().replace(url, "", 1), (
        "set the repository URL in one place"
    )
