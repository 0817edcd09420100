"""The models of the book, one module each; each states its equations once.

- :mod:`~nmmtools.models.mpr`: the Montbrió–Pazó–Roxin population (:class:`~nmmtools.MPR`) and
  ``nmmtools.models.mpr.field``, the one place its equations are written;
- :mod:`~nmmtools.models.adaptive`: with spike-frequency adaptation (:class:`~nmmtools.AdaptiveMPR`);
- :mod:`~nmmtools.models.synaptic`: with first-order synapses (:class:`~nmmtools.SynapticMPR`);
- :mod:`~nmmtools.models.inhibition`: populations that inhibit each other
  (:class:`~nmmtools.MutualInhibition`);
- :mod:`~nmmtools.models.qif`: the spiking network behind the mean field (:class:`~nmmtools.QIFNetwork`).

Every ODE model offers what :func:`nmmtools.simulate` needs: ``names`` and ``views`` of
its components, the indices of its ``rates`` and of its ``noisy`` components, a
checked input (``checked_input``), a fast right-hand side (``closure``), and
``frozen``: the MPR population whose energy describes its ``(r, v)``.
"""
