"""``python -m bootorder``: the same as the ``bootorder`` command."""
from .cli import console_main

console_main()
