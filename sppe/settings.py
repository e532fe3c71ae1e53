"""Settings of sppe, all read from environment variables.

Every variable is documented in docs/configuration.md and .env.example. Without any
variable set, the project runs in development mode on a local SQLite file, which is
what the demo command uses.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("SPPE_DEBUG", False)
TESTING = env_bool("SPPE_TESTING", False)

SECRET_KEY = os.environ.get("SPPE_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SPPE_SECRET_KEY must be set in production (or set SPPE_DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("SPPE_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("SPPE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "sppe.core.apps.SppeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "sppe.core",
    "sppe.accounts",
    "sppe.territories",
    "sppe.offers",
    "sppe.information",
    "sppe.dossiers",
    "sppe.allocation",
    "sppe.notifications",
    "sppe.relais",
    "sppe.observatory",
    "sppe.steering",
    "sppe.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sppe.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sppe.core.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sppe.urls"
WSGI_APPLICATION = "sppe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sppe" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sppe.core.context_processors.territory",
            ],
            # Tests turn unknown variables into failures (see tests/conftest.py).
            "string_if_invalid": os.environ.get("SPPE_TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

DATA_DIR = Path(os.environ.get("SPPE_DATA_DIR", BASE_DIR / "var"))

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'sppe.sqlite3'}",
        conn_max_age=int(os.environ.get("SPPE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let the demo's web process and task worker share the file.
        # Reads go through a memory map and a 64 MiB page cache, which a persistent
        # connection (CONN_MAX_AGE) keeps warm from one request to the next.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries only: PostgreSQL's JIT compiler spends more time (about 20 ms on a
    # family search) compiling than it saves.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# Family pages gain English and Arabic with their translation catalogues.
LANGUAGES = [("fr", _("Français")), ("en", _("English")), ("ar", _("العربية"))]
LOCALE_PATHS = [BASE_DIR / "sppe" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("SPPE_STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from the npm registry (package.json), never from the repository.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Outside production, static files are served from the apps and node_modules directly.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Families' documents: private storage, never served by the web server (see
# docs/single-desk.md); only the desk's download views read them.
DOCUMENTS_ROOT = Path(os.environ.get("SPPE_DOCUMENTS_ROOT", DATA_DIR / "documents"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("SPPE_MEDIA_ROOT", DATA_DIR / "media"))

# Reference data shipped by registry packages (see docs/territory-data.md).
DECOUPAGE_ADMINISTRATIF_DIR = Path(
    os.environ.get(
        "SPPE_DECOUPAGE_DIR", NODE_MODULES / "@etalab" / "decoupage-administratif" / "data"
    )
)

# Public address of the instance, for links in e-mails sent outside a request.
BASE_URL = os.environ.get("SPPE_BASE_URL", "http://127.0.0.1:8000")

# Geocoding of the family search: "commune" works offline (commune centres);
# "ban" asks the Base Adresse Nationale for street-level precision.
GEOCODER = os.environ.get("SPPE_GEOCODER", "commune")
BAN_URL = os.environ.get("SPPE_BAN_URL", "https://api-adresse.data.gouv.fr/search/")
BAN_TIMEOUT = float(os.environ.get("SPPE_BAN_TIMEOUT", "3"))
# Map tiles of the search page (the list is always there as the text alternative).
MAP_TILES_URL = os.environ.get(
    "SPPE_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get("SPPE_MAP_ATTRIBUTION", "© contributeurs OpenStreetMap")

TASKS = {
    "default": {"BACKEND": os.environ.get("SPPE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

EMAIL_BACKEND = os.environ.get(
    "SPPE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("SPPE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SPPE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SPPE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SPPE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SPPE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SPPE_DEFAULT_FROM_EMAIL", "sppe <ne-pas-repondre@localhost>")
# Seconds before an SMTP attempt gives up (the message is then retried later).
EMAIL_TIMEOUT = int(os.environ.get("SPPE_EMAIL_TIMEOUT", "20"))
# SMS to families who accept them: "sppe.notifications.sms.ConsoleSmsBackend",
# "sppe.notifications.sms.FileSmsBackend" (one file per SMS in SPPE_SMS_FILE_PATH) or a
# class of your own with a send(to, text) method.
# In production no SMS leaves (nor is printed) until a backend is set explicitly.
SMS_BACKEND = os.environ.get(
    "SPPE_SMS_BACKEND", "sppe.notifications.sms.ConsoleSmsBackend" if DEBUG or TESTING else ""
)
SMS_FILE_PATH = Path(os.environ.get("SPPE_SMS_FILE_PATH", DATA_DIR / "sms"))

# Security: strict by default outside development.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SPPE_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SPPE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SPPE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SPPE_HSTS_PRELOAD", True)
    if env_bool("SPPE_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "sppe.core.logging.PersonalDataFilter"}},
    "formatters": {"json": {"()": "sppe.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SPPE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log replaces Django's, which prints raw paths with query strings.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"level": "ERROR"},
    },
}

# --- Sign-in: throttling and professionals' sessions (docs/configuration.md) ---------
# django-axes counts failed sign-ins per account and per address (IP); past the limit
# that account, or that address, is refused for the cool-off time with a plain message.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "sppe.accounts.backends.SignInThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    "sppe.accounts.middleware.ProfessionalSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]
AXES_ENABLED = env_bool("SPPE_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = int(os.environ.get("SPPE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("SPPE_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no record of every sign-in (address, browser)
AXES_LOCKOUT_CALLABLE = "sppe.accounts.views.login_locked_out"
AXES_USERNAME_CALLABLE = "sppe.accounts.backends.sign_in_username"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or behind one reverse proxy the address it adds.
if env_bool("SPPE_BEHIND_TLS_PROXY", False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Axes logs the account and the address of each failure: not in our logs.
LOGGING["loggers"]["axes"] = {"level": "ERROR"}
# Professionals (every role but families and childminders) are signed out after this
# idle time, and after this time since signing in whatever they do.
PROFESSIONAL_IDLE_TIMEOUT = int(os.environ.get("SPPE_PROFESSIONAL_IDLE_MINUTES", "30")) * 60
PROFESSIONAL_ABSOLUTE_TIMEOUT = int(os.environ.get("SPPE_PROFESSIONAL_MAX_HOURS", "10")) * 3600
# A demonstration instance: `load_demo` (which rewrites the territory and creates
# accounts with a published password) runs only when SPPE_DEMO=1 (scripts/demo sets it).
DEMO = env_bool("SPPE_DEMO", False)
# Content-Security-Policy: scripts and styles from our own files only (no inline script
# or style), images also from the map tiles' server; Permissions-Policy: no device API.
_TILES_ORIGIN = "/".join(MAP_TILES_URL.split("/")[:3]) if "://" in MAP_TILES_URL else ""
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {_TILES_ORIGIN}".strip(),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
MIDDLEWARE += ["sppe.core.middleware.ContentSecurityPolicyMiddleware"]
