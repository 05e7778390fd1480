import sys
sys.path[:0] = [".", "tests/web", "tests"]
import json, pathlib, tempfile
from urllib.parse import quote, unquote
from index.build import reindex
from web import create_app
import test_links as T
folder = pathlib.Path(tempfile.mkdtemp())
corpus = folder / "odd.jsonl"
corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (T.RECORD, T.TWIN)), encoding="utf-8")
reindex([corpus], folder / "index", workers=1)
client = create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")}).test_client()
for page in ["/reporter/" + quote(T.REPORTER, safe=""), "/district/" + quote(T.DISTRICT, safe="")]:
    st = T.follow_all(client, page)
    for k, v in st.items():
        if v not in (200, 302): print(v, unquote(k)[:200])
