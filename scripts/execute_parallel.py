"""Execute the book's notebooks in parallel into Jupyter Book's cache, before it builds.

``make book`` runs this first: Jupyter Book then finds every unchanged notebook in
its cache (``_build/.jupyter_cache``, execution mode ``cache``) instead of executing
the notebooks one after another. A notebook that fails here is executed again by the
build, which reports the error; this script only says which.

Usage: ``python scripts/execute_parallel.py [--cache DIR] book/*.ipynb``; ``DIR`` defaults to
``_build/.jupyter_cache`` (the benchmark of the book build gives the cache of its own output folder).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"


def main(paths: list[str], cache_path: Path = CACHE) -> int:
    """Add the notebooks to the cache's project and execute those not cached yet, in parallel."""
    timeout = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]["timeout"]
    logger = logging.getLogger("execute_parallel")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cache = get_cache(str(cache_path))
    for path in paths:
        cache.add_nb_to_project(str(Path(path).resolve()))
    result = load_executor("local-parallel", cache, logger=logger).run_and_cache(timeout=timeout)
    for failed in (*result.errored, *result.excepted):
        print(f"execute_parallel: {failed} failed; the build will execute it again and report why")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--cache"]:
        sys.exit(main(arguments[2:], Path(arguments[1])))
    sys.exit(main(arguments))
