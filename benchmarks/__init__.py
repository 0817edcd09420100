"""Benchmarks of nmm-energy.

``python -m benchmarks`` (or ``make bench``) prints a table and writes ``benchmarks/results/``.
"""
