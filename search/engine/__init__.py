"""The engine seam: the Engine interface and the embedded Whoosh engine behind it."""
