"""Pieces every contract shares: strict request models, whole numbers, skill references,
the answer's provenance (``meta``) and the error body's fields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from skillmatch.errors import InvalidRequest

MAX_TEXT = 50_000  # characters of profile text
MAX_OFFSET = 1_000_000_000  # a page further than any store holds; a database integer still
MAX_LIMIT = 50


def _a_number(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise ValueError("must be a whole number, not text or true/false")
    return value


#: A JSON integer: 5 or 5.0 (JSON Schema counts both as integers), never "5" or true.
WholeNumber = Annotated[int, BeforeValidator(_a_number)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")



class SkillRef(BaseModel):
    id: str
    label: str



def _in_utc(value: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite gives them back without a zone."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


UtcTime = Annotated[datetime | None, AfterValidator(_in_utc)]


class MetaOut(BaseModel):
    taxonomy: str
    taxonomy_version: str
    model: str
    artifacts_version: str
    catalog_version: str



class ErrorDetail(BaseModel):
    field: str | None = None
    reason: str
    source: str | None = None
    line: int | None = None
    index: int | None = None
    suggestion: str | None = None


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


Model = TypeVar("Model", bound=BaseModel)


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "skills", 0, "proficiency")`` -> ``skills[0].proficiency``; query and path
    parameters keep their place: ``query.top``."""
    out = ""
    for part in loc:
        if part == "body" and not out:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse(model: type[Model], data: Any, where: str = "") -> Model:
    """``data`` read into ``model``, or :class:`InvalidRequest` naming the first field at fault
    (``where`` goes before it: ``constraints.formats``) and listing every fault in the message."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        faults = []
        for error in exc.errors(include_input=False, include_url=False):
            path = field_path(error.get("loc", ()))
            if where:
                path = f"{where}.{path}" if path and not path.startswith("[") else f"{where}{path}"
            faults.append((path or where or None, str(error.get("msg", "invalid"))))
        message = "; ".join(f"{f}: {m}" if f else m for f, m in faults)
        raise InvalidRequest(message, field=faults[0][0]) from None
