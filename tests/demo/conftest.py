"""Fixtures shared by the demo tests (defined with the desk's tests)."""

from .test_demo_desk import agent, demo_territory, documents_root  # noqa: F401
