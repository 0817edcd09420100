"""Entry point: ``python -m benchmarks [--orbits N] [--skip-book] [--skip-network]``."""

import sys

from benchmarks.suite import main

sys.exit(main())
