"""The interactive API documentation at /docs, served offline.

FastAPI's own /docs page loads Swagger UI from a CDN and starts it with an inline script; recoupe runs
offline under a CSP that forbids both. The Swagger UI files (5.x, which reads OpenAPI 3.1) come from the
`swagger-ui-py` package (PyPI), mounted under /docs/assets, and a static script starts it on /openapi.json.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API · recoupe</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/docs/assets/swagger-ui-bundle.js" defer></script>
<script src="/static/docs.js" defer></script>
</head>
<body>
<p><a href="/">recoupe</a> · the JSON API (<a href="/openapi.json">openapi.json</a>)</p>
<div id="swagger-ui"></div>
</body>
</html>
"""
# Swagger UI draws its icons as data: images; the page allows those and nothing else beyond the app's CSP.
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self';"
            " frame-ancestors 'none'")

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    """Swagger UI over the app's OpenAPI schema, from local files."""
    return HTMLResponse(DOCS_PAGE, headers={"Content-Security-Policy": DOCS_CSP})


def swagger_ui_folder() -> Path:
    """The folder of Swagger UI's files in the installed `swagger-ui-py` package (found without importing
    the package, whose import loads adapters for other web frameworks)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed: /docs cannot be served")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def mount_docs(app: FastAPI) -> None:
    """Serve /docs and its assets (from the swagger-ui-py package) on `app`."""
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_folder())), name="docs-assets")
    app.include_router(router)
