"""DIVERT Desktop's performance suite: run each module with ``python -m benchmarks.<name>``."""
