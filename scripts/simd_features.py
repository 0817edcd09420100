"""Print the SIMD features numpy dispatches to on this CPU, beyond its baseline.

``make test-portable`` disables them with ``NPY_DISABLE_CPU_FEATURES`` so that numpy
takes its baseline kernels: another floating-point path than the default one.
On an AVX2 machine with numpy 2.4 this prints ``X86_V3``; on an AVX-512 machine
``X86_V3 X86_V4 ...``; with older numpy the individual names (``AVX2 FMA3 ...``).
"""

from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

print(" ".join(feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)))
