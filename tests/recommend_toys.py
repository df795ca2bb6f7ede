"""A toy skill space, role and catalog for the gap / recommendation / pathway / team tests.

Skills get hand-made unit vectors: "SQL" and "database query languages" are close (cosine
0.85), "data visualisation software" and "dashboards" too (0.8); everything else is
orthogonal, so the expected credits can be worked out by hand.
"""

from __future__ import annotations

import numpy as np

from skillmatch.core.catalog import Credential, Recognition, TaughtSkill
from skillmatch.core.profiles import RoleProfile, RoleSkill
from skillmatch.core.similarity import VectorSimilarity

LABELS = {
    "sql": "SQL",
    "dbq": "database query languages",
    "viz": "data visualisation software",
    "dash": "dashboards",
    "stats": "statistics",
    "python": "Python",
    "excel": "use spreadsheets software",
    "cloud": "cloud technologies",
    "linux": "Linux",
    "teach": "teach mathematics",
}
_AXES = ["sql", "viz", "stats", "python", "excel", "cloud", "linux", "teach", "x1", "x2"]


def _vec(**parts: float) -> np.ndarray:
    v = np.zeros(len(_AXES), dtype=np.float32)
    for name, value in parts.items():
        v[_AXES.index(name)] = value
    return v / np.linalg.norm(v)


VECTORS = {
    "sql": _vec(sql=1.0),
    "dbq": _vec(sql=0.85, x1=float(np.sqrt(1 - 0.85**2))),
    "viz": _vec(viz=1.0),
    "dash": _vec(viz=0.8, x2=0.6),
    "stats": _vec(stats=1.0),
    "python": _vec(python=1.0),
    "excel": _vec(excel=1.0),
    "cloud": _vec(cloud=1.0),
    "linux": _vec(linux=1.0),
    "teach": _vec(teach=0.9, stats=0.436),
}
SIMILARITY = VectorSimilarity.from_mapping(VECTORS)


def role_skill(sid: str, weight: float) -> RoleSkill:
    return RoleSkill(sid, LABELS[sid], weight, weight, 0.5, weight, 0, 0.0)


def role(skills: dict[str, float], role_id: str = "data-analyst", label: str = "data analyst") -> RoleProfile:
    return RoleProfile(role_id, label, 0, 1.0, tuple(role_skill(s, w) for s, w in skills.items()))


ANALYST = role({"sql": 1.0, "viz": 0.9, "stats": 0.8, "python": 0.6, "excel": 0.5, "dbq": 0.4})
CLOUD = role({"cloud": 1.0, "linux": 0.8, "python": 0.5}, "cloud-engineer", "cloud engineer")


def taught(*pairs: str | tuple[str, float]) -> tuple[TaughtSkill, ...]:
    out = []
    for p in pairs:
        sid, w = (p, 1.0) if isinstance(p, str) else p
        out.append(TaughtSkill(sid, LABELS[sid], w, "declared"))
    return tuple(out)


def cred(cid: str, skills: tuple[TaughtSkill, ...], **kw: object) -> Credential:
    base: dict[str, object] = {
        "title": cid.replace("-", " ").title(),
        "provider": "Toy Academy",
        "cost": 50.0,
        "currency": "EUR",
        "hours": 20.0,
        "level": "beginner",
        "format": "online_self_paced",
        "language": "en",
    }
    base.update(kw)
    return Credential(id=cid, skills=skills, **base)  # type: ignore[arg-type]


CATALOG = (
    cred("sql-basics", taught("sql", "dbq"), title="SQL for Analysts", cost=49.0, hours=20.0,
         is_part_of=("da-cert",), recognition=Recognition(accreditation="Toy Board")),
    cred("viz-dashboards", taught("viz", "dash"), title="Dashboards and Data Visualisation", cost=79.0, hours=15.0,
         format="online_live", level="intermediate", is_part_of=("da-cert",), prerequisites=("sql-basics",)),
    cred("stats-free", taught("stats"), title="Statistics Open Course", cost=0.0, hours=30.0, is_part_of=("da-cert",)),
    cred("python-data", taught("python", ("stats", 0.5)), title="Python for Data Analysis", cost=129.0, hours=40.0,
         level="intermediate", prerequisites=("SQL",)),
    cred("excel-paid", taught("excel"), title="Spreadsheets at Work", cost=29.0, hours=8.0),
    cred("excel-free", taught("excel"), title="Spreadsheets Open Lab", cost=0.0, hours=10.0, format="in_person"),
    cred("bootcamp", taught("sql", "viz", "stats", "python", "excel"), title="Data Analytics Bootcamp",
         cost=3500.0, hours=400.0, format="online_live", level="advanced"),
    cred("da-cert", taught("sql", "viz", "stats"), title="Data Analytics Certificate", cost=299.0, hours=70.0,
         has_part=("sql-basics", "viz-dashboards", "stats-free"), credential_type="certificate"),
    cred("cloud-usd", taught("cloud", "linux"), title="Cloud Foundations", cost=100.0, currency="USD", hours=25.0),
    cred("linux-unknown", taught("linux"), title="Linux Essentials", cost=None, hours=None, format=None, level=None),
    cred("query-langs", taught("dbq"), title="Query Languages Deep Dive", cost=39.0, hours=12.0, language="de"),
)
