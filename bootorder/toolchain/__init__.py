"""bootorder.toolchain."""
