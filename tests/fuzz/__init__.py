"""Fuzz tests (a package, so its conftest and helpers have names of their own)."""
