#!/usr/bin/env python3
"""Yuwen's command line: parse, reindex, search, serve, stats."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click
from flask.cli import FlaskGroup

from web import PROJECT_ROOT, create_app, default_index_dir

SAMPLES = PROJECT_ROOT / "corpus" / "samples"
MAX_WARNINGS_SHOWN = 50


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli():
    """渝闻 Yuwen — search the archives of Chongqing newspapers."""


def _index_option(f):
    return click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
                        help="Index directory (default: $YUWEN_INDEX_DIR, or instance/index; "
                             "instance/shards with --cluster).")(f)


def _cluster_option(f):
    return click.option("--cluster", default=None, metavar="tcp://HOST:PORT",
                        help="A Dask scheduler: the archive is a shard set served by its workers.")(f)


def _connect(address):
    """A Dask client of the scheduler, or a ClickException saying what is missing."""
    try:
        from search.engine.cluster.handle import connect
    except ImportError:
        raise click.ClickException("a cluster needs Dask: pip install -r requirements-cluster.txt") from None
    try:
        return connect(address)
    except OSError as exc:
        raise click.ClickException(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _handle(index_dir, cluster):
    """The engine handle for a command: one index, or a shard set on a cluster."""
    from search.engine.handle import IndexHandle

    if not cluster:
        return IndexHandle(index_dir or default_index_dir())
    from search.engine.cluster.handle import ClusterHandle

    return ClusterHandle(index_dir or default_index_dir(sharded=True), _connect(cluster))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def parse(paths):
    """Print the articles found in files/directories as JSON Lines; where every page line went on stderr."""
    from corpus.files.reader import CorpusError, iter_corpus_files, read_file

    failed = 0
    totals = {"lines": 0, "in_items": 0, "furniture": 0, "duplicates": 0}
    for path, key in iter_corpus_files(paths):
        try:
            result = read_file(path, key)
        except CorpusError as exc:
            failed += 1
            click.echo(f"skipped {exc}", err=True)
            continue
        for warning in result.warnings:
            click.echo(f"warning {path}: {warning}", err=True)
        for article in result.articles:
            click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        if result.page is not None:
            counts = result.page.to_dict()
            totals = {k: totals[k] + counts[k] for k in totals}
            click.echo(f"page {path}: {_line_counts(counts)} in {len(result.articles)} items", err=True)
    if totals["lines"]:
        click.echo(f"pages: {_line_counts(totals)}", err=True)
    if failed:
        sys.exit(1)


def _line_counts(counts: dict) -> str:
    return (f"{counts['lines']} lines: {counts['in_items']} in items, {counts['furniture']} page furniture, "
            f"{counts['duplicates']} printed twice")


@cli.command()
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(),
              help="Corpus file or directory (repeatable; default: the bundled samples).")
@_index_option
@click.option("--incremental", is_flag=True, help="Only add new or changed files; drop deleted ones.")
@click.option("--workers", type=int, default=None,
              help="Analysis processes (default: one per core; with --cluster, one per shard build).")
@_cluster_option
@click.option("--shards", type=int, default=None,
              help="With --cluster: how many shards (default: two per worker thread).")
def reindex(corpus_paths, index_dir, incremental, workers, cluster, shards):
    """Build the index into a new generation and swap it in atomically."""
    from index.build import IndexBuildError
    from index.build import reindex as run_reindex
    from index.generations import ReindexLocked
    from index.progress import Progress

    corpus_paths = corpus_paths or (str(SAMPLES),)
    if cluster:
        if incremental:
            raise click.ClickException("--incremental is not available with --cluster: a shard set is built whole")
        _reindex_cluster(corpus_paths, index_dir or default_index_dir(sharded=True), cluster, shards, workers)
        return
    index_dir = index_dir or default_index_dir()
    try:
        report = run_reindex(corpus_paths, index_dir, incremental=incremental, progress=Progress(),
                             workers=workers)
    except (ReindexLocked, IndexBuildError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # e.g. the index directory itself can't be created or locked
        raise click.ClickException(f"cannot reindex into {index_dir}: {exc}") from None
    _print_report(report, index_dir)


def _reindex_cluster(corpus_paths, index_dir, cluster, shards, workers):
    """Build a shard set on the cluster's workers and publish it."""
    from index.build import IndexBuildError
    from index.generations import ReindexLocked
    from index.progress import Progress
    from index.shards import build_shards

    client = _connect(cluster)
    try:
        report = build_shards(corpus_paths, index_dir, client, shards=shards, workers=workers or 1,
                              progress=Progress())
    except (ReindexLocked, IndexBuildError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot reindex into {index_dir}: {exc}") from None
    finally:
        client.close()
    click.echo(f"indexed {report.articles} articles from {report.files} files into {report.shards} shards "
               f"in {report.seconds:.1f} s ({report.articles_per_second:.0f} articles/s; each shard's build "
               f"{min(report.shard_seconds, default=0):.1f}–{max(report.shard_seconds, default=0):.1f} s) "
               f"({report.generation})")
    _print_problems(report)


def _print_report(report, index_dir):
    if report.unchanged:
        click.echo(f"index {index_dir} is up to date ({report.files} files, {report.total_articles} articles)")
        return
    click.echo(f"indexed {report.articles} articles from {report.files_indexed} of {report.files} files "
               f"in {report.seconds:.1f} s ({report.articles_per_second:.0f} articles/s); "
               f"{report.files_removed} files removed; index holds {report.total_articles} articles "
               f"({report.generation})")
    _print_problems(report)


def _print_problems(report) -> None:
    """The files a build skipped, and its first warnings."""
    for path, reason in report.skipped:
        click.echo(f"skipped {path}: {reason}")
    for warning in report.warnings[:MAX_WARNINGS_SHOWN]:
        click.echo(f"warning {warning}")
    if len(report.warnings) > MAX_WARNINGS_SHOWN:
        click.echo(f"… and {len(report.warnings) - MAX_WARNINGS_SHOWN} more warnings")


def _text(value: str) -> str:
    """A command-line argument as the web app would get it: undecodable bytes become U+FFFD."""
    return os.fsencode(value).decode("utf-8", "replace")  # not the lone surrogates Python makes of them


@cli.command()
@click.argument("query", nargs=-1)
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print exactly what /api/search returns.")
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--sort", default="relevance", show_default=True)
@click.option("--reporter", multiple=True)
@click.option("--district", multiple=True)
@click.option("--source", multiple=True)
@click.option("--from", "date_from")
@click.option("--to", "date_to")
@_cluster_option
def search(query, index_dir, as_json, limit, page, sort, reporter, district, source, date_from, date_to, cluster):
    """Search the index from the terminal."""
    from werkzeug.datastructures import MultiDict

    from index.generations import IndexMissing
    from search.engine.collect import BadCursor
    from search.request import BadRequest, parse_search_args
    from search.run import run_search
    from web.urls import with_search_urls

    args = MultiDict([("q", _text(" ".join(query))), ("size", limit), ("page", page), ("sort", sort)]
                     + [("reporter", _text(r)) for r in reporter] + [("district", _text(d)) for d in district]
                     + [("source", _text(s)) for s in source]
                     + [(k, _text(v)) for k, v in (("from", date_from), ("to", date_to)) if v])
    handle = _handle(index_dir, cluster)
    try:
        data = run_search(handle.current(), parse_search_args(args))
    except (BadRequest, BadCursor, IndexMissing) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        handle.close()
    if as_json:
        click.echo(json.dumps(with_search_urls(data), ensure_ascii=False))
        return
    for note in data["notices"]:
        click.echo(f"! {note}")
    click.echo(f"{data['total']} 篇 ({data['took_ms']} ms)")
    for i, hit in enumerate(data["hits"], (page - 1) * limit + 1):
        who = "、".join(r["name"] for r in hit["reporters"])
        click.echo(f"{i:3}. {hit['title'] or '（无标题）'}  [{hit['date'] or '日期不详'}] {hit['source'] or ''} {who}")
        click.echo(f"     {hit['id']}")


@cli.command()
@_index_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", type=int, help="Worker threads [THREADS: 8].")
@click.option("--connection-limit", type=int, help="Open connections at most [CONNECTION_LIMIT: 1000].")
@click.option("--idle-timeout", type=float, help="Seconds a keep-alive connection may idle [IDLE_TIMEOUT: 20].")
@click.option("--request-timeout", type=float,
              help="Seconds for a request to arrive whole [REQUEST_TIMEOUT: 10].")
@click.option("--max-header-bytes", type=int, help="Request line + headers [MAX_HEADER_BYTES: 65536].")
@click.option("--max-body-bytes", type=int, help="Request body; larger ones get 413 [MAX_BODY_BYTES: 0].")
@click.option("--heavy-slots", type=int, help="Expensive requests running at once [HEAVY_SLOTS: 2].")
@click.option("--public-url", help="Scheme and host of absolute links [PUBLIC_URL: http://HOST:PORT].")
@_cluster_option
def serve(index_dir, host, port, public_url, heavy_slots, cluster, **limits):
    """Serve the web app with waitress; index the bundled samples first if there is no index."""
    import logging

    from web.server import Limits, make_server

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    index_dir = index_dir or default_index_dir(sharded=bool(cluster))
    os.environ["YUWEN_INDEX_DIR"] = str(Path(index_dir).resolve())
    if cluster:
        _cluster_first_run(index_dir, cluster)
    else:
        _index_first_run(index_dir)
    app = create_app()
    if public_url or not app.config["PUBLIC_URL"]:
        app.config["PUBLIC_URL"] = public_url or f"http://{_url_host(host)}:{port}"
    if heavy_slots is not None:
        app.config["HEAVY_SLOTS"] = heavy_slots
    _load_index(app)
    server = make_server(app, host, port, Limits.from_config(app.config, **limits))
    click.echo(f"serving 渝闻 on http://{_url_host(host)}:{port}/ (index {index_dir}"
               + (f", shards on the Dask cluster {cluster}" if cluster else "")
               + f"; links to {app.config['PUBLIC_URL']})")
    server.run()


def _cluster_first_run(index_dir: str, cluster: str) -> None:
    """Check the scheduler is reachable (said now, not on the first request); index the bundled samples
    on the cluster when there is no shard set yet."""
    from index.generations import current_generation

    _connect(cluster).close()
    os.environ["YUWEN_CLUSTER"] = cluster
    if current_generation(Path(index_dir)) is None:
        click.echo(f"no shard set at {index_dir}: indexing the bundled sample corpus on the cluster first")
        _reindex_cluster([str(SAMPLES)], index_dir, cluster, None, 1)


def _index_first_run(index_dir: str) -> None:
    """Index the bundled samples when there is no index at all; refuse to cover a damaged one."""
    from index.build import reindex as run_reindex
    from index.generations import current_generation
    from index.progress import Progress

    root = Path(index_dir)
    if current_generation(root) is None:
        if (root / "CURRENT").exists() or any(root.glob("gen-*/COMPLETE")):
            # Never paper over a damaged index with the samples: the operator must see it.
            raise click.ClickException(f"the index at {index_dir} is damaged (CURRENT names no usable "
                                       f"generation); rebuild it with `python manage.py reindex --index "
                                       f"{index_dir} --corpus …`")
        click.echo(f"no index at {index_dir}: indexing the bundled sample corpus first")
        _print_report(run_reindex([str(SAMPLES)], index_dir, progress=Progress()), index_dir)


def _load_index(app) -> None:
    """Load the live index now (a damaged one is reported here, not on the first request) and warm
    the search path up."""
    from index.generations import IndexMissing
    from search.run import warm_up
    from web.state import live_index

    with app.app_context():
        try:
            warm_up(live_index())
        except IndexMissing as exc:
            raise click.ClickException(str(exc)) from None


def _url_host(host: str) -> str:
    """A host as it appears in a URL (IPv6 in brackets; a wildcard address as this machine's name)."""
    import socket

    if host in ("0.0.0.0", "::", ""):
        return socket.getfqdn()
    return f"[{host}]" if ":" in host else host


@cli.command()
@_index_option
@_cluster_option
def stats(index_dir, cluster):
    """Print index statistics as JSON."""
    from index.generations import IndexMissing
    from search.views.stats import index_stats

    handle = _handle(index_dir, cluster)
    try:
        click.echo(json.dumps(index_stats(handle.current()), ensure_ascii=False, indent=1))
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        handle.close()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the scheduler and workers bind to.")
@click.option("--port", default=8786, show_default=True, type=int, help="The scheduler's port (0: any free one).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--threads", default=1, show_default=True, type=int, help="Threads of each worker.")
@click.option("--shards-per-worker", default=64, show_default=True, type=int,
              help="The `shards` resource each worker offers.")
def cluster(host, port, workers, threads, shards_per_worker):
    """Run a local Dask cluster (scheduler and workers) for trying the sharded archive; Ctrl-C stops it."""
    try:
        from distributed import LocalCluster
    except ImportError:
        raise click.ClickException("a cluster needs Dask: pip install -r requirements-cluster.txt") from None

    with LocalCluster(host=host, scheduler_port=port, n_workers=workers or os.cpu_count() or 1,
                      threads_per_worker=threads, processes=True, dashboard_address=f"{host}:0",
                      resources={"shards": shards_per_worker}) as local:
        click.echo(f"Dask scheduler at {local.scheduler_address} with {len(local.workers)} workers; "
                   f"use --cluster {local.scheduler_address} (Ctrl-C stops it)", nl=True)
        sys.stdout.flush()
        stop = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stop)  # only now: the workers must not inherit the mask
        signal.sigwait(stop)
        click.echo("stopping the cluster …")


if __name__ == "__main__":
    cli()
