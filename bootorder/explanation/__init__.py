"""bootorder.explanation."""
