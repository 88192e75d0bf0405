"""bootorder.syntax."""
