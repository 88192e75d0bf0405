"""bootorder.resolver."""
