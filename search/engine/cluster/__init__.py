"""The sharded engine: an archive split into shards, each served by an actor on a Dask worker.

`shard.py` is what runs on a worker (one shard's WhooshEngine), `merge.py` the
pure arithmetic that combines the shards' answers into one index's,
`slots.py` keeps every shard loaded somewhere (and reloads one whose worker
died), `engine.py` is the coordinator behind the Engine interface, and
`handle.py` follows the sharded index root's CURRENT shard set.
"""
