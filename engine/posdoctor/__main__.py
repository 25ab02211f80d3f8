"""``python -m posdoctor``."""

import sys

from .cli import main

sys.exit(main())
