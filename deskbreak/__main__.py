"""Lets ``python -m deskbreak`` work like the ``deskbreak`` command."""

import sys

from deskbreak.cli import main

sys.exit(main())
