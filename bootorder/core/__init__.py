"""bootorder.core."""
