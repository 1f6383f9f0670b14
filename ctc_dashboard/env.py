"""The environment variables the dashboard reads, declared once (the app, the CLI, deploy/, bench/ and tests)."""

DATA = "CTC_DASHBOARD_DATA"  # the data folder, workbook or ZIP to serve (``--data`` wins over it)
STATUS = "CTC_DASHBOARD_STATUS"  # the folder of the health files (default: static/status/)
PUBLIC_URL = "CTC_DASHBOARD_PUBLIC_URL"  # the public address (https://host) for record links and citations
