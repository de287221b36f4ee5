"""Storage: the system of record (`open_store`): a SQLite file by default, or a PostgreSQL database for teams
(`postgresql://` URLs); extractors never touch it, the pipeline writes."""

from recoupe.store.base import SearchHit, SearchSyntaxError, Store, StoreError
from recoupe.store.common import list_migrations
from recoupe.store.opening import is_postgres_url, open_store

__all__ = ["SearchHit", "SearchSyntaxError", "Store", "StoreError", "is_postgres_url", "list_migrations",
           "open_store"]
