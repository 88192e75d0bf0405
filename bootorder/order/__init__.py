"""bootorder.order."""
