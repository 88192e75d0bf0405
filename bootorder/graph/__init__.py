"""bootorder.graph."""
