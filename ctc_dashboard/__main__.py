"""``python -m ctc_dashboard``: the same command line as the ``ctc-dashboard`` console script."""

import sys

from .cli import main

sys.exit(main())
