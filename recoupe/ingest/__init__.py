"""The ingest stage: files, folders, JSONL, HTML pages and feeds in; `Article`s with raw text out.

`iter_articles(paths, options)` is the one entry point. Problems with inputs
are not raised: they come out of the same stream as `IngestIssue`s (errors for
what did not go in, warnings for what went in with a caveat), so that one bad
file never stops a batch.
"""

from __future__ import annotations

from recoupe.ingest.options import IngestIssue, IngestOptions
from recoupe.ingest.walk import format_of, iter_articles

__all__ = ["IngestIssue", "IngestOptions", "format_of", "iter_articles"]
