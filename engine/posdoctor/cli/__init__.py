"""The ``posdoctor`` command line: arguments to the library and results to the terminal; the
only layer that reads input and prints. ``main`` is the console script's entry point."""

from .main import main

__all__ = ["main"]
