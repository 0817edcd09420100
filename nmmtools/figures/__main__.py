"""Regenerate the book's figures: ``python -m nmmtools.figures [--list] [--only ID ...] [--outdir DIR]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from nmmtools.figures.export import FORMATS, MANIFEST, FigureExportError, export, select
from nmmtools.figures.gallery import gallery_markdown
from nmmtools.figures.registry import FigureSpec

BAR_WIDTH = 30


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    cli = argparse.ArgumentParser(
        prog="python -m nmmtools.figures",
        description="Regenerate the figures of the nmm-energy book, with a JSON manifest.",
    )
    cli.add_argument(
        "--list", action="store_true", help="list every figure's id, title and chapter, and exit"
    )
    cli.add_argument("--only", nargs="+", metavar="ID", help="make only these figures (default: all)")
    cli.add_argument("--outdir", default="figures", help="output folder (default: figures/)")
    cli.add_argument(
        "--formats", nargs="+", default=list(FORMATS), choices=FORMATS, help="file formats (default: png pdf)"
    )
    cli.add_argument("--dpi", type=float, default=150.0, help="resolution of PNG files (default: 150)")
    cli.add_argument("--gallery", metavar="PATH", help="write the gallery page (MyST) to PATH, and exit")
    return cli


def show_progress(done: int, total: int, spec: FigureSpec, seconds: float) -> None:
    """Draw a progress bar over the figures on stderr."""
    filled = round(BAR_WIDTH * done / total)
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    print(f"[{bar}] {done}/{total} {spec.id} ({seconds:.1f} s)", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status."""
    arguments = parser().parse_args(argv)
    try:
        if arguments.gallery:
            Path(arguments.gallery).write_text(gallery_markdown())
            print(f"wrote the gallery of {len(select(None))} figures to {arguments.gallery}")
            return 0
        if arguments.list:
            for spec in select(arguments.only):
                print(f"{spec.id:32s} {spec.chapter:14s} {spec.title}")
            return 0
        started = time.perf_counter()
        manifest = export(
            arguments.only,
            arguments.outdir,
            formats=arguments.formats,
            dpi=arguments.dpi,
            progress=show_progress,
        )
    except FigureExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    count, seconds = len(manifest["figures"]), time.perf_counter() - started
    print(f"wrote {count} figure(s) and {MANIFEST} to {arguments.outdir} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
