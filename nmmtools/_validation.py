"""Argument checks shared by the public functions of :mod:`nmmtools`.

Every check raises :class:`TypeError` or :class:`ValueError` with a message
that names the argument, the value received and what is allowed, so that a
mistake is reported where it was made and not deep inside NumPy or SciPy.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

Input = float | Callable[[float], float]
"""An external input: a constant or a function of physical time."""


def real_scalar(name: str, value: object) -> float:
    """Return ``value`` as a finite float or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    as_float = float(value)
    if not np.isfinite(as_float):
        raise ValueError(f"{name} must be finite, got {name} = {as_float}")
    return as_float


def positive_scalar(name: str, value: object) -> float:
    """Return ``value`` as a finite float > 0 or raise naming ``name``."""
    as_float = real_scalar(name, value)
    if as_float <= 0.0:
        raise ValueError(f"{name} must be > 0, got {name} = {as_float}")
    return as_float


def nonnegative_scalar(name: str, value: object) -> float:
    """Return ``value`` as a finite float >= 0 or raise naming ``name``."""
    as_float = real_scalar(name, value)
    if as_float < 0.0:
        raise ValueError(f"{name} must be >= 0, got {name} = {as_float}")
    return as_float


def real_array(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array of finite numbers or raise naming ``name``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {value!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite, got {name}{list(where)} = {array[where]}")
    return array


def positive_rates(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return firing rates as a float array, all > 0, or raise saying where they are not.

    The energy has terms ``1/r`` and ``ln r``: it is defined for ``r > 0`` only.
    """
    array = real_array(name, value)
    bad = array <= 0.0
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        index = f"[{', '.join(map(str, where))}]" if where else ""
        raise ValueError(
            f"{name} must be > 0 (the energy has terms 1/r and ln r), "
            f"got {name}{index} = {array[where]} ({int(bad.sum())} value(s) <= 0)"
        )
    return array


def constant_or_callable_input(name: str, value: object, t0: float) -> Input:
    """Check an input: a finite number, or a callable of t giving a finite number at ``t0``."""
    if callable(value):
        try:
            sample = value(t0)
        except Exception as error:  # the user's function failed: say which argument it was
            raise TypeError(
                f"{name} must be a number or a function of t; calling {name}({t0}) raised {error!r}"
            ) from error
        real_scalar(f"{name}({t0})", sample)
        return value
    return real_scalar(name, value)


def time_span(name: str, value: object) -> tuple[float, float]:
    """Return ``(t0, t1)`` as floats with ``t1 > t0`` or raise naming ``name``."""
    try:
        first, second = cast(Sequence[object], value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (start, end), got {value!r}") from None
    start = real_scalar(f"{name}[0]", first)
    end = real_scalar(f"{name}[1]", second)
    if end <= start:
        raise ValueError(f"{name} must increase (end > start), got {name} = ({start}, {end})")
    return start, end


def evaluation_times(name: str, value: ArrayLike, span: tuple[float, float]) -> NDArray[np.float64]:
    """Return sorted evaluation times inside ``span`` or raise naming ``name``."""
    times = real_array(name, value)
    if times.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {times.shape}")
    if np.any(np.diff(times) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    if times[0] < span[0] or times[-1] > span[1]:
        raise ValueError(
            f"{name} must lie inside the time span {span}, got values from {times[0]} to {times[-1]}"
        )
    return times


def choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed`` or raise naming ``name``."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def instance(name: str, value: object, kind: type) -> None:
    """Raise :class:`TypeError` naming ``name`` unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__} instance, got {type(value).__name__}")


def function(name: str, value: object) -> None:
    """Raise :class:`TypeError` naming ``name`` unless ``value`` is callable."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {value!r} ({type(value).__name__})")


def complex_array(name: str, value: ArrayLike) -> NDArray[np.complex128]:
    """Return ``value`` as a non-empty, finite complex array or raise naming ``name``."""
    try:
        array = np.asarray(value, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {array}")
    return array


def broadcastable(**arrays: NDArray[np.float64]) -> None:
    """Raise :class:`ValueError` naming the arguments unless their shapes broadcast together."""
    try:
        np.broadcast_shapes(*(array.shape for array in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for name, array in arrays.items())
        raise ValueError(
            f"{' and '.join(arrays)} must have shapes that broadcast together, got {shapes}"
        ) from None


def finite_result(name: str, values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``values`` if all are finite; otherwise raise: the computation overflowed."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0]) if np.ndim(values) else ()
        raise ValueError(
            f"{name} overflowed at index {list(where)}: the arguments are too large for floating point"
        )
    return values


def fields(instance: object, **checkers: Callable[[str, object], object]) -> None:
    """Check and convert the named fields of a frozen dataclass in ``__post_init__``.

    Each keyword names a field and the check it must pass, e.g.
    ``fields(self, delta=nonnegative_scalar, tau=positive_scalar)``.
    """
    for name, checker in checkers.items():
        object.__setattr__(instance, name, checker(name, getattr(instance, name)))


def integer(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an int ``>= minimum`` or raise naming ``name`` (booleans are not integers)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if int(value) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {name} = {int(value)}")
    return int(value)
