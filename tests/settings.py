"""Test settings: the production settings with fast, isolated stand-ins."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SPPE_TESTING", "1")

from sppe.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sppe-test-media-"))
DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="sppe-test-documents-"))
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The tests that load the demo run as a demonstration instance; the refusal on any
# other instance is tested with DEMO off (tests/demo/test_load_demo.py).
DEMO = True
# Tests move the clock by days between requests: professionals' session timeouts are
# long here; tests/accounts/test_sign_in_security.py sets the production ones.
PROFESSIONAL_IDLE_TIMEOUT = PROFESSIONAL_ABSOLUTE_TIMEOUT = 10 * 365 * 24 * 3600
