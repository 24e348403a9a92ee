"""Demo content for a fresh portal: the data file, its loader, and the demo accounts' shared password."""

from pathlib import Path

DATA_FILE = Path(__file__).with_name("demo.yaml")

# Public on purpose: `make run` prints it, and it only ever protects example.org demo accounts.
DEMO_PASSWORD = "battery-hub-demo-2026"  # noqa: S105

# The demo staff account's authenticator secret (hex), public like the password: `manage.py demo_totp`
# prints its current code, or add DEMO_TOTP_SECRET_BASE32 to an authenticator app.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # noqa: S105
