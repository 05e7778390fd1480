import sys; sys.path[:0]=["."]
from pathlib import Path
from index.build import reindex
from search.engine.budget import Deadline, StepClock
from search.engine.handle import IndexHandle
from search.request import SearchRequest
from search.views.exports import feed_search
root = Path(".scratch/tiny")
if not root.exists(): reindex([Path("tests/data/docs.jsonl")], root)
index = IndexHandle(root).current()
for n in (2, 5, 10, 20, 40, 80, 160):
    clock = StepClock(1.0)
    data = feed_search(index, SearchRequest(q="重庆 OR 江津"), deadline=Deadline(n, clock))
    print(n, data["timed_out"], len(data["hits"]), sum("<mark>" in h["snippet"] for h in data["hits"]), clock.now)
