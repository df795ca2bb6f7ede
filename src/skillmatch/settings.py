"""Settings, read from the environment (prefix ``SKILLMATCH_``) or a ``.env`` file.

Precedence, highest first: arguments passed to ``Settings(...)``, environment variables,
the ``.env`` file in the working directory, the defaults below. The defaults run offline
on the bundled data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "skillmatch"


#: Reference rates (EUR per unit, late 2026, rounded); set SKILLMATCH_CURRENCY_RATES for your own.
EUR_PER_UNIT: dict[str, float] = {
    "EUR": 1.0, "USD": 0.92, "GBP": 1.17, "CHF": 1.06, "SEK": 0.088, "NOK": 0.086, "DKK": 0.134,
    "PLN": 0.23, "CZK": 0.040, "HUF": 0.0025, "RON": 0.20, "CAD": 0.67, "AUD": 0.61, "INR": 0.011,
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SKILLMATCH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        default=Path("var"),
        description="Where the taxonomy, index artifacts and database live.",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Embedding cache and downloaded taxonomy packages (safe to delete).",
    )
    model_path: Path | None = Field(
        default=None,
        description="A sentence-transformers model folder; empty means the packaged all-MiniLM-L6-v2.",
    )
    encode_batch_size: int = Field(default=32, ge=1, le=1024)
    threads: int = Field(default=0, ge=0, description="CPU threads for the encoder; 0 = all cores.")
    precision: Literal["fp32", "bf16"] = "fp32"
    index_kind: Literal["auto", "flat", "hnsw"] = "auto"
    taxonomy_wheels: Path | None = Field(
        default=None,
        description="A folder holding the pinned taxonomy wheels, for machines without registry access.",
    )
    keep_versions: int = Field(default=3, ge=1, description="Old taxonomy / index versions kept on disk.")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL (e.g. postgresql+psycopg://...); empty means SQLite in the data directory.",
    )
    title_model_path: Path | None = Field(
        default=None,
        description="Encoder for job titles; empty means models/title-encoder when it exists, else the "
        "main encoder.",
    )
    sample_data_dir: Path = Field(default=Path("data"), description="The bundled sample postings and catalog.")
    models_dir: Path = Field(default=Path("models"), description="Where the scripts write fine-tuned encoders.")

    currency_rates: dict[str, float] = Field(
        default_factory=lambda: dict(EUR_PER_UNIT),
        description="Value of one unit of each currency in EUR, for budgets across currencies "
        '(JSON, e.g. {"EUR": 1, "GBP": 1.17}); costs in a currency without a rate never fit a budget.',
    )

    def rates_to(self, currency: str) -> dict[str, float]:
        """Rates into ``currency``: 1 unit of c = rates[c] units of ``currency``."""
        base = self.currency_rates.get(currency.upper())
        if not base:
            return {}
        return {c: v / base for c, v in self.currency_rates.items() if c != currency.upper() and v > 0}

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'skillmatch.db').resolve()}"

    @property
    def title_model(self) -> Path | None:
        if self.title_model_path is not None:
            return self.title_model_path
        default = self.models_dir / "title-encoder"
        return default if (default / "config.json").is_file() else None

    @property
    def taxonomy_dir(self) -> Path:
        return self.data_dir / "taxonomy"

    @property
    def artifacts_dir(self) -> Path:
        return self.data_dir / "artifacts"
