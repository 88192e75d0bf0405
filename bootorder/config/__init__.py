"""bootorder.config."""
