"""Nesta's ESCO <-> O*NET occupation crosswalk (Mapping Career Causeways, 2020, MIT).

One CSV row per ESCO occupation: ``concept_uri`` (the ESCO occupation), ``onet_code`` and
``onet_occupation`` (its best O*NET-SOC occupation) and a ``confidence``. Every bad record is
reported together; nothing is returned unless all of them are good.
"""

from __future__ import annotations

import re
from pathlib import Path

from skillmatch.adapters.loaders.records import Problems
from skillmatch.adapters.loaders.tabular import read_rows
from skillmatch.errors import DataFormatError

_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


def read_esco_onet_crosswalk(path: Path) -> dict[str, tuple[str, str]]:
    """ESCO occupation URI -> (O*NET-SOC code, O*NET title) as the crosswalk gives them."""
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(str(path), "is not a file (the ESCO-O*NET crosswalk CSV)")
    problems = Problems()
    links: dict[str, tuple[str, str]] = {}
    src = str(path)
    for row in read_rows(path, required=("concept_uri", "onet_code", "onet_occupation"), problems=problems):
        uri, code = row.get("concept_uri"), row.get("onet_code")
        if not uri.startswith("http://data.europa.eu/esco/occupation/"):
            problems.add(src, f"{uri!r} is not an ESCO occupation URI", line=row.line, field="concept_uri")
        elif not _SOC.match(code):
            problems.add(src, f"{code!r} is not an O*NET-SOC code like 15-2051.00", line=row.line, field="onet_code")
        elif uri in links and links[uri][0] != code:
            problems.add(src, f"{uri} is linked twice", line=row.line, field="concept_uri")
        else:
            links[uri] = (code, row.get("onet_occupation"))
    problems.raise_if_any(accepted=len(links))
    return links
