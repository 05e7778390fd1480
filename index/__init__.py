"""Analysis, schema, and building/swapping Whoosh indexes."""
