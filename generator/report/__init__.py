"""Findings and how they are told: the diagnostics, the code registry, severity policy, progress, and the CI formats."""
