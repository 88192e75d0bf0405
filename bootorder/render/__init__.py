"""bootorder.render."""
