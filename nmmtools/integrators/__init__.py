"""The integrators behind :func:`nmmtools.simulate`.

- :mod:`~nmmtools.integrators.ivp`: :func:`scipy.integrate.solve_ivp` with the
  package's domain, blow-up and failure errors (:func:`nmmtools.integrate`).
- :mod:`~nmmtools.integrators.symplectic`: three-stage Gauss–Legendre collocation
  for the Hamiltonian (homogeneous) MPR model in rescaled time.
- :mod:`~nmmtools.integrators.stochastic`: Euler–Maruyama for noisy runs.
"""
