"""``python -m yupana.sunat``: see ``yupana.sunat.cli``."""

import sys

from yupana.sunat.cli import main

if __name__ == "__main__":
    sys.exit(main())
