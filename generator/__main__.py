"""`python -m generator` is the `sdkforge` command."""

from .cli import main

main()
