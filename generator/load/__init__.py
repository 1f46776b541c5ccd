"""Stage 1, load: the spec file and every document it references, parsed with the line and column of each node."""
