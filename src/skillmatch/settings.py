"""Settings, read from the environment (prefix ``SKILLMATCH_``) or a ``.env`` file.

Precedence, highest first: arguments passed to ``Settings(...)``, environment variables,
the ``.env`` file in the working directory, the defaults below. The defaults run offline
on the bundled data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
        description="The embedding cache (safe to delete).",
    )
    model_path: Path | None = Field(
        default=None,
        description="A sentence-transformers model folder; empty means the packaged all-MiniLM-L6-v2.",
    )
    encode_batch_size: int = Field(default=32, ge=1, le=1024)
    threads: int = Field(default=0, ge=0, description="CPU threads for the encoder; 0 = all cores.")
    precision: Literal["auto", "fp32", "bf16"] = Field(
        default="auto",
        description="Encoder number format: auto = bf16 on a CPU with native bfloat16 (AMX or AVX512_BF16), "
        "else fp32.",
    )
    index_kind: Literal["auto", "flat", "hnsw"] = "auto"
    extraction: Literal["default", "fast"] = Field(
        default="default",
        description="How text is read: default = the encoder reads each sentence, a static model distilled "
        "from it the phrases; fast = the static model reads both (many times faster, a few points less "
        "precise).",
    )
    admin_wait: float = Field(
        default=0.0, ge=0.0,
        description="Seconds an import, index build or rebuild waits for another one (in a server or a "
        "command) to finish before it gives up; 0 refuses at once (what the server does: 409).",
    )
    freshness: float = Field(
        default=1.0, ge=0.0,
        description="Seconds a server trusts what it last read of the stored catalog, roles and current "
        "versions before reading them again: a change made by another process (a CLI import, another "
        "server) is served within this time; 0 reads them on every request.",
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
    taxonomy_sources_dir: Path | None = Field(
        default=None,
        description="The archives the default taxonomy is built from; empty means data/taxonomy of this "
        "checkout.",
    )
    models_dir: Path = Field(default=Path("models"), description="Where the scripts write fine-tuned encoders.")

    currency_rates: dict[str, float] = Field(
        default_factory=lambda: dict(EUR_PER_UNIT),
        description="Value of one unit of each currency in EUR, for budgets across currencies "
        '(JSON, e.g. {"EUR": 1, "GBP": 1.17}); costs in a currency without a rate never fit a budget.',
    )

    # -- HTTP API -------------------------------------------------------------------------
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Keys accepted in the X-API-Key header by the team and admin endpoints (comma-separated "
        "or a JSON list); empty means those endpoints answer 401.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (comma-separated or a JSON list, '*' for "
        "any); empty means no CORS headers.",
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1_000, description="Largest JSON request body.")
    max_batch_body_bytes: int = Field(default=8_000_000, ge=1_000, description="Largest batch request body.")
    max_upload_bytes: int = Field(default=20_000_000, ge=1_000, description="Largest import upload (all files).")
    batch_max_items: int = Field(default=50, ge=1, le=10_000, description="Learners in one batch request.")
    warm_up: bool = Field(default=True, description="Load the index and models when the server starts.")
    request_timeout: float = Field(
        default=30.0, ge=0.0,
        description="Seconds a request may take before it is answered 503 `timeout` (imports are exempt; 0: no limit).",
    )

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """``a,b`` or ``["a", "b"]`` from the environment; a list as given."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

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
    def taxonomy_sources(self) -> Path:
        if self.taxonomy_sources_dir is not None:
            return self.taxonomy_sources_dir
        local = self.sample_data_dir / "taxonomy"
        checkout = Path(__file__).resolve().parents[2] / "data" / "taxonomy"
        return local if local.is_dir() or not checkout.is_dir() else checkout

    @property
    def taxonomy_dir(self) -> Path:
        return self.data_dir / "taxonomy"

    @property
    def artifacts_dir(self) -> Path:
        return self.data_dir / "artifacts"

    @property
    def static_model_dir(self) -> Path:
        return self.data_dir / "static-model"
