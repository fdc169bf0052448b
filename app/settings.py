"""Settings of the atlas, read from BASES_* environment variables when the app is made."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting of the atlas; each one is documented in the README."""

    model_config = SettingsConfigDict(env_prefix="BASES_", extra="ignore")

    geodata_dir: Path = Field(ROOT / "geodata", description="Folder of the sources and the build.")
    templates_dir: Path = Field(ROOT / "templates", description="Folder of the Jinja templates.")
    host: str = Field("127.0.0.1", description="Address `bases serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `bases serve` listens on.")
    tiles: Literal["offline", "osm", "satellite"] = Field(
        "offline", description="Basemap: the shipped borders (offline), or an online tile layer."
    )
    frame_ancestors: str = Field(
        "'none'", description="CSP frame-ancestors: who may embed the map in an iframe."
    )
    public_url: str = Field(
        "http://127.0.0.1:8000", description="Where the atlas is published: the address its citations give."
    )
    max_limit: int = Field(1000, ge=1, description="Largest page size the API accepts.")
    response_cache_mb: int = Field(
        64, ge=0, le=65536, description="Memory for repeated API answers, in MiB (0 turns the cache off)."
    )
    loop: Literal["asyncio", "uvloop"] = Field(
        "asyncio", description="Event loop of `bases serve` (uvloop starves some connections under load)."
    )

    @property
    def bases_geojson(self) -> Path:
        """Path of the built data set."""
        return self.geodata_dir / "bases.geojson"
