"""The ``skillmatch`` command line: parse, call the engine, format the answer.

One module per command group (``setup``, ``skills``, ``roles``, ``catalog``, ``advice``, ``evals``);
``common`` holds what they share. Importing the package registers every command on :data:`app`.
"""

from __future__ import annotations

from skillmatch.cli import advice, catalog, evals, roles, setup, skills  # noqa: F401  (they register the commands)
from skillmatch.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
