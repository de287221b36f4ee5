"""Storage: the SQLite system of record (`open_store`); extractors never touch it, the pipeline writes."""

from recoupe.store.sqlite import SearchHit, SearchSyntaxError, Store, StoreError, list_migrations, open_store

__all__ = ["SearchHit", "SearchSyntaxError", "Store", "StoreError", "list_migrations", "open_store"]
