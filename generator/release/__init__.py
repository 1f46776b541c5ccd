"""Releases: `sdkforge diff` and `sdkforge release` (the semver bump and changelog from the diff of two specs)."""
