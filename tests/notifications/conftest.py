import pytest

from .smtp import SmtpTestServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, not yet started (call .start())."""
    server = SmtpTestServer(settings)
    yield server
    server.stop()


@pytest.fixture
def smtp_refusing(settings):
    server = SmtpTestServer(settings, refuse_recipients=True).start()
    yield server
    server.stop()
