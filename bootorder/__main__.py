"""``python -m bootorder``: the same as the ``bootorder`` command.

Importing this module runs nothing; only ``python -m bootorder`` does.
"""
from .cli import console_main

if __name__ == "__main__":
    console_main()
