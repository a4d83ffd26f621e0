"""Benchmarks of zt-lint against plain Checkov and parliament (see README.md)."""
