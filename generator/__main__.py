"""`python -m generator` is the `sdkforge` command."""

from .entry import main

if (
    __name__ == "__main__"
):  # worker processes (spawn) import this module too and must not run the CLI
    main()
