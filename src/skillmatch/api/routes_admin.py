"""Admin: imports by upload, and rebuilds. Every endpoint needs an API key.

Uploads keep their file name's suffix, which picks the reader (``.csv``, ``.jsonl``, ``.json``,
``.jsonld``). An import lands whole or not at all: a file with bad records is a 422 with every
problem in ``details`` (file, line or index, field), ids that are already stored a 409.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile

from skillmatch.api.deps import AdminDep, EngineDep
from skillmatch.api.errors import ApiError, domain_details, domain_message, domain_status, responses
from skillmatch.api.security import require_api_key
from skillmatch.contracts.admin import ImportReportOut, RebuildJobOut
from skillmatch.errors import DataFormatError

router = APIRouter(tags=["admin"], dependencies=[Depends(require_api_key)])
AUTH = (401, 403)
MAX_FILES = 50
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Files = Annotated[list[UploadFile], File(description="One or more files; the suffix picks the format.")]
ColumnMap = Annotated[list[str], Form(description="Column renames, each SOURCE=TARGET (CSV headers, JSON Lines keys).")]


def _safe_name(name: str, position: int, taken: set[str]) -> str:
    base = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip("._") or f"upload-{position + 1}"
    out, n = base, 1
    while out.lower() in taken:
        n += 1
        stem, dot, suffix = base.rpartition(".")
        out = f"{stem}-{n}.{suffix}" if dot else f"{base}-{n}"
    taken.add(out.lower())
    return out


def _column_map(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, item in enumerate(items):
        source, eq, target = item.partition("=")
        if not eq or not source.strip() or not target.strip():
            raise ApiError(422, "invalid_request", f"map[{i}] must be SOURCE=TARGET, not {item!r}",
                           [{"field": f"map[{i}]", "reason": "expected SOURCE=TARGET"}])
        out[source.strip()] = target.strip()
    return out


def _relabel(value: Any, folder: str) -> Any:
    """Name uploaded files as the caller did, not by the temporary folder they were read from."""
    if isinstance(value, str):
        return value.replace(folder, "")
    if isinstance(value, list):
        return [_relabel(v, folder) for v in value]
    if isinstance(value, dict):
        return {k: _relabel(v, folder) for k, v in value.items()}
    return value


def _import(files: list[UploadFile], run: Any) -> ImportReportOut:
    """``run(paths, prefix)`` imports the uploaded files saved under the temporary ``prefix``."""
    if not files:
        raise ApiError(422, "invalid_request", "no file uploaded", [{"field": "file", "reason": "give one or more"}])
    if len(files) > MAX_FILES:
        raise ApiError(413, "too_many_items", f"{len(files)} files in one import; at most {MAX_FILES}",
                       [{"field": "file", "reason": f"at most {MAX_FILES} files"}])
    with tempfile.TemporaryDirectory(prefix="skillmatch-upload-") as tmp:
        folder = Path(tmp)
        taken: set[str] = set()
        paths = []
        for i, upload in enumerate(files):
            path = folder / _safe_name(upload.filename or "", i, taken)
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            paths.append(path)
        prefix = f"{folder}/"
        try:
            report = run(paths, prefix)
        except DataFormatError as exc:
            raise ApiError(domain_status(exc), exc.code, _relabel(domain_message(exc), prefix),
                           _relabel(domain_details(exc), prefix)) from exc
    return ImportReportOut.model_validate({**_relabel(report, prefix), "files": [p.name for p in paths]})


@router.post("/v1/imports/postings", response_model=ImportReportOut,
             responses=responses(*AUTH, 400, 409, 413, 422, 503))
def import_postings(
    engine: EngineDep, admin: AdminDep, file: Files,
    role: Annotated[str, Form(max_length=300, description="The role of every posting that names none.")] = "",
    map: ColumnMap = [],  # noqa: B006 - FastAPI copies form defaults
) -> ImportReportOut:
    """Import job postings (schema.org JobPosting JSON-LD, CSV, JSON Lines) and rebuild the role
    profiles. The report gives the postings accepted, duplicates, roles and unresolved skills."""
    columns = _column_map(map)
    with admin.exclusive("a postings import"), engine.pinned():
        return _import(file, lambda paths, prefix: engine.import_postings(paths, column_map=columns, role=role,
                                                                      source_prefix=prefix))


@router.post("/v1/imports/catalog", response_model=ImportReportOut,
             responses=responses(*AUTH, 400, 409, 413, 422, 503))
def import_catalog(
    engine: EngineDep, admin: AdminDep, file: Files,
    lenient: Annotated[bool, Form(description="Foreign exports: pass over records without title or provider.")] = False,
    map: ColumnMap = [],  # noqa: B006 - FastAPI copies form defaults
) -> ImportReportOut:
    """Import credentials (CSV, JSON Lines, Open Badges 2.0 / 3.0, CTDL), aligned to the taxonomy.
    The report gives the credentials accepted per format and how their skills were resolved."""
    columns = _column_map(map)
    with admin.exclusive("a catalog import"), engine.pinned():
        return _import(file, lambda paths, prefix: engine.import_catalog(paths, column_map=columns, lenient=lenient,
                                                                      source_prefix=prefix))


@router.post("/v1/admin/rebuild", status_code=202, response_model=RebuildJobOut,
             responses={200: {"model": RebuildJobOut, "description": "With `wait=true`: the rebuild is done."},
                        **responses(*AUTH, 409, 422, 500, 503)})
def rebuild(
    admin: AdminDep, response: Response,
    wait: Annotated[bool, Query(description="Answer when the rebuild is done (200) instead of at once (202).")] = False,
) -> RebuildJobOut:
    """Re-embed the skill index into a new artifacts version and rebuild the role profiles, in the
    background. Requests in flight finish on the old version; requests after the switch get the new
    one; a failed rebuild leaves the old one serving. A second rebuild while one runs is a 409."""
    job = admin.start_rebuild()
    if not wait:
        response.headers["Location"] = "/v1/admin/rebuild"
        return RebuildJobOut.model_validate(job)
    done = admin.wait()
    assert done is not None
    if done["status"] == "failed":
        error = admin.last_error()
        if error is not None:
            raise error
        raise ApiError(500, "rebuild_failed", f"the rebuild failed and the previous index keeps serving: {done['error']}")
    response.status_code = 200
    return RebuildJobOut.model_validate(done)


@router.get("/v1/admin/rebuild", response_model=RebuildJobOut, responses=responses(*AUTH, 404))
def rebuild_status(admin: AdminDep) -> RebuildJobOut:
    """The last rebuild this server started (in any of its worker processes): running, succeeded (with
    the new version) or failed."""
    job = admin.last()
    if job is None:
        raise ApiError(404, "not_found", "no rebuild has been started yet")
    return RebuildJobOut.model_validate(job)
