"""Write favicon.ico (a 32x32 PNG in an ICO container) from a PNG rendering of favicon.svg.

Rendered once with headless Chromium, then wrapped here; both files are committed:

    chromium --headless=new --window-size=32,32 --default-background-color=00000000 \
        --screenshot=favicon-32.png page-showing-favicon.svg-at-32px.html
    python _ext/make_favicon.py favicon-32.png _ext/favicon/favicon.ico
"""

import struct
import sys
from pathlib import Path


def ico_from_png(png: bytes) -> bytes:
    """An ICO file holding one PNG image (supported by every current browser)."""
    width, height = struct.unpack(">II", png[16:24])
    header = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 = icon, one image
    entry = struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(ico_from_png(Path(sys.argv[1]).read_bytes()))
