"""bootorder.usechange."""
