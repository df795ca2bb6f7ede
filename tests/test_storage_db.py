"""Relational storage on SQLite and PostgreSQL: migrations, catalog, roles, postings, teams.

Every test runs twice (``database_url``): on a SQLite file and on a PostgreSQL schema of its own.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select, text

from skillmatch.adapters.storage.repository import Storage
from skillmatch.adapters.storage.tables import team_members, teams
from skillmatch.adapters.storage.teams import StoredMember, StoredTeam, TeamStore
from skillmatch.core.catalog import Credential, Recognition, TaughtSkill
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.errors import Conflict

pytest_plugins = ["tests.api_fixtures"]  # fixtures: database_url (SQLite and PostgreSQL)

SQL = "http://data.europa.eu/esco/skill/aaaa0002"
STATS = "http://data.europa.eu/esco/skill/aaaa0007"


def _credential(cid: str, title: str, **kw: object) -> Credential:
    base: dict[str, object] = {"provider": "Harbourline Institute", "cost": 50.0, "currency": "EUR", "hours": 10.0,
                               "level": "beginner", "format": "online_self_paced", "language": "en"}
    base.update(kw)
    return Credential(id=cid, title=title, skills=(TaughtSkill(SQL, "SQL", 1.0, "declared"),), **base)  # type: ignore[arg-type]


def _team(team_id: str = "analytics", **kw: object) -> StoredTeam:
    members = (
        StoredMember("ana", ({"id": SQL, "label": "SQL", "proficiency": 1.0, "source": "label"},)),
        StoredMember("björn", ({"id": STATS, "label": "statistics", "proficiency": 0.5, "source": "text"},),
                     ("harbourline-sql-basics",), role="http://data.europa.eu/esco/occupation/bbbb0001"),
    )
    values: dict[str, object] = {"name": "Analytics — Leeds", "members": members,
                                 "target": [{"role": "data analyst", "label": "data analyst", "headcount": 2}],
                                 "constraints": {"max_cost": 500.0, "formats": ["online"]}}
    values.update(kw)
    return StoredTeam(team_id, **values)  # type: ignore[arg-type]


def test_migrations_reach_head_with_the_teams_tables(database_url: str) -> None:
    storage = Storage(database_url)
    names = set(inspect(storage.engine).get_table_names())
    assert {"imports", "postings", "posting_skills", "roles", "role_skills", "credentials", "credential_skills",
            "teams", "team_members", "alembic_version"} <= names
    with storage.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar_one() == "0002"
    Storage(database_url).ping()  # migrating again is a no-op


def test_credentials_round_trip_filter_and_stamp(database_url: str) -> None:
    storage = Storage(database_url)
    empty = storage.catalog_stamp()
    items = [
        _credential("sql-1", "SQL Basics", cost=0.0, recognition=Recognition(accreditation="Board", credits=2.0)),
        _credential("py-1", "Python für Analysten", cost=250.0, hours=40.0, level="intermediate", language="de",
                    format="online_live"),
        _credential("excel-1", "Spreadsheets", cost=None, hours=None, format="in_person", provider="Calder College"),
    ]
    storage.add_credentials(["courses.csv"], items, {"accepted": 3})
    assert storage.catalog_stamp() != empty and storage.credential_count() == 3
    assert storage.existing_credential_ids(["sql-1", "nope"]) == {"sql-1"}
    stored = storage.credential("py-1")
    assert stored is not None and stored.title == "Python für Analysten" and stored.skills[0].id == SQL
    assert storage.credential("sql-1").recognition.credits == 2.0  # type: ignore[union-attr]
    cases = [
        ({"query": "python"}, ["py-1"]), ({"provider": "calder college"}, ["excel-1"]),
        ({"level": "intermediate"}, ["py-1"]), ({"format": "online_live"}, ["py-1"]),
        ({"language": "DE"}, ["py-1"]), ({"max_cost": 100}, ["sql-1"]), ({"free_only": True}, ["sql-1"]),
        ({"max_hours": 20}, ["sql-1"]),
    ]
    for filters, expected in cases:
        assert [c.id for c in storage.list_credentials(**filters)[1]] == expected, filters  # type: ignore[arg-type]
    total, page = storage.list_credentials(limit=1, offset=1)
    assert total == 3 and [c.title for c in page] == ["Spreadsheets"]  # by title: Python, Spreadsheets, SQL


def test_roles_replace_list_and_read(database_url: str) -> None:
    storage = Storage(database_url)
    skill = RoleSkill(SQL, "SQL", 0.9, 0.8, 0.7, 1.0, 3, 0.5)
    profiles = {"role:data-analyst": RoleProfile("role:data-analyst", "data analyst", 3, 0.25, (skill,)),
                "role:web-developer": RoleProfile("role:web-developer", "web developer", 1, 0.5, ())}
    meta = {rid: {"kind": "named"} for rid in profiles}
    storage.replace_roles(profiles, meta)
    storage.replace_roles(profiles, meta)  # replacing again keeps one copy
    total, rows = storage.list_roles()
    assert total == 2 and [r["label"] for r in rows] == ["data analyst", "web developer"]
    assert storage.list_roles("analyst")[0] == 1
    role = storage.role("role:data-analyst")
    assert role is not None and role.skills == (skill,)
    assert storage.roles_by_label("Data Analyst") == ["role:data-analyst"]


def test_postings_and_import_history(database_url: str) -> None:
    storage = Storage(database_url)
    row = {
        "id": "p1", "title": "Data Analyst", "organization": "Harbourview", "location": "Leeds",
        "date_posted": date(2026, 3, 1), "employment_type": "FULL_TIME", "remote": False, "description": "SQL daily.",
        "occupational_category": ["2511"], "listed_skills": [["SQL", ""]], "preferred_skills": [], "role_hint": "",
        "source": "good.csv:2", "content_key": "k" * 64, "duplicate_of": None, "role_id": "role:data-analyst",
        "role_score": 1.0, "role_method": "named",
    }
    skills = [{"posting_id": "p1", "skill_id": SQL, "label": "SQL", "score": 1.0, "requirement": "required",
               "evidence": []}]
    storage.add_postings(["good.csv"], [row], skills, {"accepted": 1})
    storage.record_rejected_import("catalog", ["bad.csv"], {"problems": [{"line": 3}]})
    assert storage.posting_count() == (1, 0)
    assert storage.postings_by_role()["role:data-analyst"][0].skills == {SQL: "required"}
    history = storage.import_history()
    assert {h["status"] for h in history} == {"landed", "rejected"}


def test_teams_create_read_replace_page_and_conflict(database_url: str) -> None:
    store = TeamStore(Storage(database_url).engine)
    created = store.create(_team())
    assert created.created_at is not None and created.members[1].member_id == "björn"
    assert created.target == [{"role": "data analyst", "label": "data analyst", "headcount": 2}]
    assert created.members[1].held_credentials == ("harbourline-sql-basics",)
    assert created.members[1].skills[0]["proficiency"] == 0.5
    with pytest.raises(Conflict, match="already stored"):
        store.create(_team(name="another"))
    replaced = store.replace(_team(name="Renamed", members=(StoredMember("cai"),), target={"role": "x", "label": "x"}))
    assert replaced is not None and replaced.name == "Renamed" and [m.member_id for m in replaced.members] == ["cai"]
    assert replaced.created_at == created.created_at
    assert store.replace(_team("missing")) is None
    store.create(_team("a-team", name="Alpha"))
    total, page = store.page(limit=1)
    assert total == 2 and page == [{"id": "a-team", "name": "Alpha", "members": 2, "updated_at": page[0]["updated_at"]}]
    assert store.page(offset=1)[1][0]["id"] == "analytics"


def test_deleting_a_team_removes_every_row_of_its_members(database_url: str) -> None:
    storage = Storage(database_url)
    store = TeamStore(storage.engine)
    store.create(_team())
    store.create(_team("other"))
    assert store.delete("analytics") is True
    assert store.get("analytics") is None and store.delete("analytics") is False
    with storage.engine.connect() as conn:
        left = conn.execute(select(team_members.c.team_id, func.count()).group_by(team_members.c.team_id)).all()
        assert [tuple(r) for r in left] == [("other", 2)]
        assert conn.execute(select(func.count()).select_from(teams)).scalar_one() == 1


def test_the_admin_lock_is_held_by_one_session_at_a_time_on_postgresql(database_url: str) -> None:
    first, second = Storage(database_url), Storage(database_url)  # two servers on one database
    held = first.admin_lock()
    assert held is not None
    if database_url.startswith("postgresql"):
        assert second.admin_lock() is None and second.admin_lock_held()
    else:  # SQLite lives on one machine: the data directory's file lock is the one that counts
        assert second.admin_lock() is not None
    held.release()
    held.release()  # giving it back twice is harmless
    again = second.admin_lock()
    assert again is not None and first.admin_lock_held() == database_url.startswith("postgresql")
    again.release()
    assert not first.admin_lock_held()
    first.engine.dispose()
    second.engine.dispose()
