"""Live ingestion: `recoupe watch` stores and links articles as they land in a folder, model and linkers warm."""

from recoupe.live.watch import WatchHooks, WatchOptions, WatchReport, watch

__all__ = ["WatchHooks", "WatchOptions", "WatchReport", "watch"]
