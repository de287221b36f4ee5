"""The web app of `recoupe serve`: server-rendered pages and a JSON API over a store (see `app.create_app`)."""

from recoupe.serve.app import create_app

__all__ = ["create_app"]
