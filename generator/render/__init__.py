"""Stage 4, render: the IR printed through the Jinja templates, with the SDK runtime copied beside it."""
