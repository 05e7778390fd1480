"""Fuzzy entity matching: spellings, sounds, shapes and similarity of names."""
