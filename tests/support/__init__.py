"""Shared test helpers (the spec-driven mock server)."""
