"""Straight-line fits on logarithmic scales, with the standard error of the slope.

The chapters fit power laws (``y = c x**p``: a line in ``log y`` against ``log x``)
and exponentials (``y = c exp(p x)``: a line in ``log y`` against ``x``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check


@dataclass(frozen=True)
class Fit:
    """A least-squares line ``Y = intercept + slope X`` in the transformed variables.

    Attributes
    ----------
    slope, intercept : float
        The fitted line.
    slope_error : float
        Standard error of the slope (``nan`` with only two points: no residual to estimate it).
    logarithmic_x : bool
        Whether ``X = log x`` (a power law) or ``X = x`` (an exponential).
    """

    slope: float
    intercept: float
    slope_error: float
    logarithmic_x: bool

    def __call__(self, x: ArrayLike) -> NDArray[np.float64]:
        """The fitted curve ``y`` at ``x``."""
        values = check.real_array("x", x)
        X = np.log(values) if self.logarithmic_x else values
        return np.exp(self.intercept + self.slope * X)


def _line(X: NDArray[np.float64], Y: NDArray[np.float64], logarithmic_x: bool) -> Fit:
    design = np.column_stack((X, np.ones_like(X)))
    (slope, intercept), residuals, *_ = np.linalg.lstsq(design, Y, rcond=None)
    dof = X.size - 2
    if dof > 0:
        variance = float(np.sum((Y - design @ np.array([slope, intercept])) ** 2)) / dof
        error = float(np.sqrt(variance / np.sum((X - X.mean()) ** 2)))
    else:
        error = float("nan")
    return Fit(float(slope), float(intercept), error, logarithmic_x)


def _positive_pairs(x: ArrayLike, y: ArrayLike, x_positive: bool) -> tuple[NDArray, NDArray]:
    xs = check.positive_rates("x", x) if x_positive else check.real_array("x", x)
    ys = check.real_array("y", y)
    if xs.ndim != 1 or xs.shape != ys.shape or xs.size < 2:
        raise ValueError(
            f"x and y must be 1-D arrays of equal length >= 2, got shapes {xs.shape} and {ys.shape}"
        )
    if np.any(ys <= 0.0):
        raise ValueError(f"y must be > 0 to be fitted on a logarithmic scale, got y = {ys.tolist()}")
    if np.ptp(xs) == 0.0:
        raise ValueError("x must take at least two different values")
    return xs, ys


def power_law(x: ArrayLike, y: ArrayLike) -> Fit:
    """Fit ``y = c x**p`` by least squares on ``log y`` against ``log x``.

    Examples
    --------
    >>> from nmmtools import power_law
    >>> fit = power_law([1.0, 2.0, 4.0, 8.0], [3.0, 0.75, 0.1875, 0.046875])
    >>> print(f"slope {fit.slope:.3f}")
    slope -2.000
    """
    xs, ys = _positive_pairs(x, y, x_positive=True)
    return _line(np.log(xs), np.log(ys), logarithmic_x=True)


def exponential(x: ArrayLike, y: ArrayLike) -> Fit:
    """Fit ``y = c exp(p x)`` by least squares on ``log y`` against ``x`` (e.g. an Arrhenius law).

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import exponential
    >>> x = np.array([0.25, 0.5, 1.0])
    >>> print(f"slope {exponential(x, 2.0 * np.exp(5.0 * x)).slope:.3f}")
    slope 5.000
    """
    xs, ys = _positive_pairs(x, y, x_positive=False)
    return _line(xs, np.log(ys), logarithmic_x=False)
