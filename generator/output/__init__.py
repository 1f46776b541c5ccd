"""Stage 5, output: the rendered files formatted (ruff or black) and written under the manifest that says which are ours."""
