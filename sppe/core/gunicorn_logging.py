"""gunicorn's access log without secrets: `--logger-class sppe.core.gunicorn_logging.MaskedLogger`.

gunicorn's default access line carries the full request line (query strings with
searched addresses, sign-in and confirmation links with their tokens) and the referrer
(the link a page was opened from). This logger gives every atom of the access-log
format a masked value: the path without its tokens, e-mail addresses or phone numbers,
no query string, no referrer. docs/operations.md gives the format to use with it.
"""

from gunicorn.glogging import Logger

from .logging import mask_path

REDACTED = "-"


class MaskedLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO", ""))
        method = environ.get("REQUEST_METHOD", "")
        protocol = environ.get("SERVER_PROTOCOL", "")
        atoms.update(
            {
                "r": f"{method} {path} {protocol}",
                "U": path,
                "q": REDACTED,
                "f": REDACTED,
            }
        )
        # Header and environment atoms ({name}i, {name}o, {name}e) may carry cookies.
        return {
            key: (REDACTED if key.endswith(("}i", "}o", "}e")) else value)
            for key, value in atoms.items()
        }
