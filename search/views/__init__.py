"""Page data: what each page and API route shows, as plain dicts built on the Engine interface."""
