"""The web pages: ``GET /`` (one learner), ``GET /teams`` (a team) and their assets under ``/static/``.

One HTML page with its stylesheet and script, packaged in ``api/static/``: no build step and
nothing fetched from elsewhere (the Content-Security-Policy lets the page load and call only
this server). The pages call the JSON API like any other client: ``GET /v1/roles?q=`` and
``GET /v1/skills/search?q=`` for suggestions, ``POST /v1/recommendations`` for a learner's answer,
``GET /v1/credentials/by-id?id=`` for the titles of stack parts and prerequisites, and the team
endpoints (with the API key typed into the page) for a team. They store nothing in the browser;
profile text goes to the server with the request and is read for skills only.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from skillmatch.api.errors import ApiError

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).parent / "static"
#: what /static/ serves: the style sheet, the pages' script modules, the team template, the icon
ASSETS = {
    "app.css": "text/css; charset=utf-8",
    **{module.name: "text/javascript; charset=utf-8" for module in sorted(STATIC.glob("*.js"))},
    "team-template.csv": "text/csv; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
PAGES = ("index.html", "teams.html")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",  # revalidated (ETag), so a new version shows after an upgrade
}


@router.get("/")
def page() -> FileResponse:
    """The page: a form for a learner's target role, skills and constraints, and the answer."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/teams")
def team_page() -> FileResponse:
    """The team page: a team from a file or typed in, its gaps as a heat map, one training plan."""
    return FileResponse(STATIC / "teams.html", media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/static/{name}")
def asset(name: str) -> FileResponse:
    """The page's stylesheet, script and icon; nothing else is served from the folder."""
    if name not in ASSETS:
        raise ApiError(404, "not_found", f"no file {name!r} under /static/; there are: {', '.join(sorted(ASSETS))}")
    return FileResponse(STATIC / name, media_type=ASSETS[name], headers=HEADERS)
