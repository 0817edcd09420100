"""Analysis of models and runs: everything the chapters compute, tested, and used by the figures.

- :mod:`~nmmtools.analysis.orbits`: closed orbits, their periods and the energy a turn loses;
- :mod:`~nmmtools.analysis.complex_variable`: ``w = pi r + i v`` and the Kuramoto order parameter;
- :mod:`~nmmtools.analysis.bifurcations`: saddle-node curves, the cusp and equilibrium counts;
- :mod:`~nmmtools.analysis.phase_plane`: nullclines and the manifolds of the saddle;
- :mod:`~nmmtools.analysis.ellipses`: fitting ellipses and the ellipses of the uncoupled model;
- :mod:`~nmmtools.analysis.scaling`: the strong-coupling scaling;
- :mod:`~nmmtools.analysis.bursting`: spikes, and the amplitudes and intervals the energy predicts;
- :mod:`~nmmtools.analysis.switching`: stable states, basins, stimulus- and noise-driven switching;
- :mod:`~nmmtools.analysis.maxent`: energy-landscape analysis with a pairwise maximum-entropy model;
- :mod:`~nmmtools.analysis.network`: the spiking network against the mean field;
- :mod:`~nmmtools.analysis.fits`: straight-line fits on log scales, with standard errors.
"""
