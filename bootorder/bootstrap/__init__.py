"""bootorder.bootstrap."""
