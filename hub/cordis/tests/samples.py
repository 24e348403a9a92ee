"""The sample CORDIS files written for the tests (no test reaches the internet)."""

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
GRANT = "101091234"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def sample_path(name: str) -> str:
    return str(SAMPLES / name)
