"""The on-disk postings format: packed integer runs, per-field term dictionaries, the Whoosh codec."""
