import sys

from newsgold.cli import main

sys.exit(main())
