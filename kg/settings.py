"""All settings in one class, read from KG_* environment variables, built at the entry point."""
from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service and CLI settings; every field can be set as KG_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="KG_")

    store: str = ".kg"
    """Folder of the embedded pyoxigraph store, or the http(s) URL of a SPARQL 1.1 server (a remote store)."""
    base_iri: str = "http://127.0.0.1:8000/"
    """Prefix under which entity, article and graph IRIs are minted."""
    write_token: str | None = None
    """Bearer token that API write calls need; unset means writes are refused."""
    read_token: str | None = None
    """Bearer token that every read needs when set; unset means reads are open."""
    query_timeout: float = 10.0
    """Seconds a SPARQL query may run in the API before it is stopped."""
    query_workers: int = Field(default=2, ge=1)
    """Worker processes that run the API's SPARQL queries (how many can run at once)."""
    max_results: int = 100_000
    """Largest number of SPARQL solutions the API returns for one query; more are cut, with a flag."""
    max_body_bytes: int = 5_000_000
    """Largest request body the API accepts (articles, uploads, queries); larger is a 413."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser (CORS); empty means none."""
    allowed_hosts: list[str] = ["*"]
    """Host headers the API answers to; anything else is a 400."""

    @field_validator("base_iri")
    @classmethod
    def _slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("base_iri must be an http(s) IRI")
        return value if value.endswith("/") else value + "/"
