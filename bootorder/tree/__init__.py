"""bootorder.tree."""
