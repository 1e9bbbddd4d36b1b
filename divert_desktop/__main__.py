"""``python -m divert_desktop``: the same as the ``divert-desktop`` command."""

import sys

from divert_desktop.cli import main

sys.exit(main())
