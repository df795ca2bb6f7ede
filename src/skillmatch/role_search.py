"""Finding stored roles by a query: by the words of their label (or their id), then by meaning."""

from __future__ import annotations

from typing import Any, Protocol

from skillmatch.core.roles import TitleNormaliser

#: A stored role is found by meaning when its occupation is at least this close to the query read
#: as a job title (a little above the 0.55 at which a title is read as an occupation: a list
#: should not fill up with loose neighbours).
ROLE_SEARCH_AT = 0.6
_ALL = 10_000


class RoleList(Protocol):
    def list_roles(self, query: str, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]: ...


def search_roles(store: RoleList, titles: TitleNormaliser | None, query: str, limit: int = 50,
                 offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Stored roles whose label has the query's words (or id), then those whose occupation is
    close to the query read as a job title ("health" finds the nurses), each marked with how
    it matched (``match``: words / meaning, with ``score`` for meaning). ``titles``: None when
    the taxonomy has no occupations."""
    if not query.strip():
        return store.list_roles(query, limit, offset)
    _, by_words = store.list_roles(query, _ALL, 0)
    found = [{**r, "match": "words", "score": None} for r in by_words]
    seen = {r["id"] for r in found}
    if titles is not None:
        _, stored = store.list_roles("", _ALL, 0)
        by_id = {r["id"]: r for r in stored}
        for occupation_id, score in titles.rank([query], top=50)[0]:
            if score >= ROLE_SEARCH_AT and occupation_id in by_id and occupation_id not in seen:
                found.append({**by_id[occupation_id], "match": "meaning", "score": round(float(score), 4)})
                seen.add(occupation_id)
    return len(found), found[offset : offset + limit]
