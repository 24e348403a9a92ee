"""Demo content for a fresh portal: the data file, its loader, and the demo accounts' shared password."""

from pathlib import Path

DATA_FILE = Path(__file__).with_name("demo.yaml")

# Public on purpose: `make run` prints it, and it only ever protects example.org demo accounts.
DEMO_PASSWORD = "battery-hub-demo-2026"  # noqa: S105
