"""Entry point: ``python -m benchmarks [--orbits N] [--skip-book] [--skip-network] ...`` (see ``--help``)."""

import os
import sys

# one core: set before numpy is imported, so that BLAS (and every timing) runs on one thread
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

from benchmarks.suite import main  # noqa: E402

sys.exit(main())
