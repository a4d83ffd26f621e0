import sys

from zt_rules.cli import main

sys.exit(main())
