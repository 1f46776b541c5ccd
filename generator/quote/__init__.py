"""Spec text made safe as Python source: the literal and docstring filters that every spec string passes through."""
