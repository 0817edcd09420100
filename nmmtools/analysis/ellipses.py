"""Ellipses: the level sets of the uncoupled model, fitting ellipses to orbits, and the distance from one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.symbolic import ellipses as symbolic_ellipses
from nmmtools.symbolic.mpr import eta as eta_symbol


@dataclass(frozen=True)
class Ellipse:
    """An ellipse in the plane.

    Attributes
    ----------
    centre : tuple of float
        Centre ``(x0, y0)``.
    semi_axes : tuple of float
        Semi-axes ``(a, b)``, major first.
    angle : float
        Direction of the major axis from the x axis, in radians, in ``(-pi/2, pi/2]``.
    coefficients : numpy.ndarray
        Conic coefficients ``(A, B, C, D, E, F)`` of ``A x**2 + B x y + C y**2 + D x + E y + F = 0``,
        normalised to unit length.
    """

    centre: tuple[float, float]
    semi_axes: tuple[float, float]
    angle: float
    coefficients: NDArray[np.float64]

    def __post_init__(self) -> None:
        centre = check.real_array("centre", self.centre)
        axes = check.real_array("semi_axes", self.semi_axes)
        coefficients = check.real_array("coefficients", self.coefficients)
        if centre.shape != (2,) or axes.shape != (2,) or coefficients.shape != (6,):
            raise ValueError("centre and semi_axes must be pairs and coefficients must have 6 entries")
        if np.any(axes <= 0):
            raise ValueError(f"semi_axes must be > 0, got semi_axes = {axes.tolist()}")
        object.__setattr__(self, "angle", check.real_scalar("angle", self.angle))
        object.__setattr__(self, "coefficients", coefficients)

    def points(self, count: int = 400) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``count`` points evenly spaced in the parametric angle around the ellipse, for drawing."""
        angles = np.linspace(0.0, 2.0 * np.pi, int(count))
        along, across = self.semi_axes[0] * np.cos(angles), self.semi_axes[1] * np.sin(angles)
        cos, sin = np.cos(self.angle), np.sin(self.angle)
        return self.centre[0] + cos * along - sin * across, self.centre[1] + sin * along + cos * across

    def radius(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """Normalised radius ``sqrt((x'/a)**2 + (y'/b)**2)`` in the ellipse's frame: 1 on the ellipse."""
        dx = check.real_array("x", x) - self.centre[0]
        dy = check.real_array("y", y) - self.centre[1]
        cos, sin = np.cos(self.angle), np.sin(self.angle)
        along = (cos * dx + sin * dy) / self.semi_axes[0]
        across = (-sin * dx + cos * dy) / self.semi_axes[1]
        return np.hypot(along, across)


def fit_ellipse(x: ArrayLike, y: ArrayLike) -> Ellipse:
    """Fit an ellipse to points by algebraic least squares (Fitzgibbon, Pilu & Fisher 1999).

    Minimises the algebraic distance of the points to the conic under the
    constraint ``4 A C - B**2 = 1``, which makes the result an ellipse; solved
    in the numerically stable form of Halíř & Flusser (1998). Coordinates are
    centred and scaled first, so the fit does not depend on units.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Coordinates of at least 6 points, not all on one line.

    Returns
    -------
    Ellipse

    Raises
    ------
    ValueError
        If the inputs are not finite 1-D arrays of equal length >= 6, or the
        points do not determine an ellipse.
    """
    xs, ys = check.real_array("x", x), check.real_array("y", y)
    if xs.ndim != 1 or xs.shape != ys.shape or xs.size < 6:
        raise ValueError(
            f"x and y must be 1-D arrays of equal length >= 6, got shapes {xs.shape} and {ys.shape}"
        )
    shift = np.array([xs.mean(), ys.mean()])
    scale = max(xs.std(), ys.std())
    if scale == 0.0:
        raise ValueError("the points do not determine an ellipse: they all coincide")
    u, w = (xs - shift[0]) / scale, (ys - shift[1]) / scale
    quadratic = np.column_stack((u * u, u * w, w * w))
    linear = np.column_stack((u, w, np.ones_like(u)))
    s1, s2, s3 = quadratic.T @ quadratic, quadratic.T @ linear, linear.T @ linear
    try:
        t = -np.linalg.solve(s3, s2.T)
    except np.linalg.LinAlgError:
        raise ValueError("the points do not determine an ellipse: they lie on a line") from None
    m = s1 + s2 @ t
    m = np.array([m[2] / 2.0, -m[1], m[0] / 2.0])
    values, vectors = np.linalg.eig(m)
    vectors = np.real(vectors)
    condition = 4.0 * vectors[0] * vectors[2] - vectors[1] ** 2
    candidates = np.flatnonzero(condition > 0)
    if candidates.size == 0:
        raise ValueError("the points do not determine an ellipse (the best conic is not an ellipse)")
    a1 = vectors[:, candidates[np.argmin(np.abs(np.real(values[candidates])))]]
    conic = np.concatenate((a1, t @ a1))
    return _from_scaled_conic(conic, shift, scale)


def _from_scaled_conic(conic: NDArray[np.float64], shift: NDArray[np.float64], scale: float) -> Ellipse:
    """Undo the centring and scaling of a conic and compute its geometric parameters."""
    a, b, c, d, e, f = conic
    # substitute u = (x - x0)/s, w = (y - y0)/s and collect the coefficients in x, y
    x0, y0 = shift
    s2 = scale * scale
    A, B, C = a / s2, b / s2, c / s2
    D = d / scale - 2 * A * x0 - B * y0
    E = e / scale - 2 * C * y0 - B * x0
    F = f - d * x0 / scale - e * y0 / scale + A * x0 * x0 + B * x0 * y0 + C * y0 * y0
    coefficients = np.array([A, B, C, D, E, F])
    coefficients = coefficients / np.linalg.norm(coefficients)
    A, B, C, D, E, F = coefficients
    determinant = 4 * A * C - B * B
    centre_x = (B * E - 2 * C * D) / determinant
    centre_y = (B * D - 2 * A * E) / determinant
    constant = A * centre_x**2 + B * centre_x * centre_y + C * centre_y**2 + D * centre_x + E * centre_y + F
    eigenvalues, eigenvectors = np.linalg.eigh(np.array([[A, B / 2], [B / 2, C]]))
    axes = np.sqrt(-constant / eigenvalues)
    if not np.all(np.isfinite(axes)):
        raise ValueError("the points do not determine an ellipse (imaginary axes)")
    major = int(np.argmax(axes))  # report the major axis first, with its direction
    axes = axes[[major, 1 - major]]
    angle = float(np.arctan2(eigenvectors[1, major], eigenvectors[0, major]))
    if angle <= -np.pi / 2:
        angle += np.pi
    elif angle > np.pi / 2:
        angle -= np.pi
    return Ellipse((float(centre_x), float(centre_y)), (float(axes[0]), float(axes[1])), angle, coefficients)


def ellipse_deviation(x: ArrayLike, y: ArrayLike) -> float:
    """How far a closed curve is from an ellipse: ``max |radius - 1|`` about its fitted ellipse.

    The radius is the normalised radius of :meth:`Ellipse.radius`, so the
    measure is relative (0.01 means 1% of the semi-axis) and does not depend
    on the units of ``x`` and ``y``. It is 0 for an exact ellipse.
    """
    ellipse = fit_ellipse(x, y)
    return float(np.max(np.abs(ellipse.radius(x, y) - 1.0)))


@functools.cache
def _uncoupled_formulas() -> dict[str, Callable[..., float]]:
    """The centre and squared radius of :func:`nmmtools.symbolic.ellipses.uncoupled_ellipse`, as functions."""
    derived = symbolic_ellipses.uncoupled_ellipse()
    return {
        name: sp.lambdify((eta_symbol, symbolic_ellipses.h), derived[name], modules="numpy")
        for name in ("centre_r", "radius_squared")
    }


def uncoupled_ellipse(eta: float, h: float) -> Ellipse:
    """The level set ``H = h`` of the uncoupled model (``J = 0``, ``tau = 1``): an exact ellipse.

    Evaluates the centre and radius that :func:`nmmtools.symbolic.ellipses.uncoupled_ellipse`
    derives with sympy: ``v**2 + pi**2 (r - r0)**2 = rho**2`` with ``r0 = h / (2 pi**2)``
    and ``rho**2 = h**2 / (4 pi**2) - eta``; the semi-axes are ``rho`` (in ``v``) and
    ``rho / pi`` (in ``r``).

    Raises
    ------
    ValueError
        If the level set is empty or a point (``rho**2 <= 0``).

    Examples
    --------
    >>> from nmmtools.analysis.ellipses import uncoupled_ellipse
    >>> ellipse = uncoupled_ellipse(1.0, 8.0)
    >>> print(f"centre r = {ellipse.centre[0]:.4f}")
    centre r = 0.4053
    >>> print(f"semi-axes {ellipse.semi_axes[0]:.4f} (v), {ellipse.semi_axes[1]:.4f} (r)")
    semi-axes 0.7881 (v), 0.2509 (r)
    """
    excitability, level = check.real_scalar("eta", eta), check.real_scalar("h", h)
    formulas = _uncoupled_formulas()
    centre = float(formulas["centre_r"](excitability, level))
    radius_squared = float(formulas["radius_squared"](excitability, level))
    if not radius_squared > 0.0:
        raise ValueError(
            f"the level set H = {level:g} of eta = {excitability:g} is not an ellipse "
            f"(rho**2 = {radius_squared:g} <= 0)"
        )
    radius = np.sqrt(radius_squared)
    conic = np.array(
        [np.pi**2, 0.0, 1.0, -2.0 * np.pi**2 * centre, 0.0, np.pi**2 * centre**2 - radius_squared]
    )
    return Ellipse((centre, 0.0), (radius, radius / np.pi), np.pi / 2, conic / np.linalg.norm(conic))
