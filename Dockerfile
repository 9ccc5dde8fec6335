# Imagen de producción: gunicorn sirve Django; whitenoise sirve los estáticos.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0

WORKDIR /app

COPY pyproject.toml README.md ./
COPY canastas canastas
COPY usuarios usuarios
COPY beneficiarios beneficiarios
COPY entregas entregas
COPY reportes reportes
RUN pip install --no-cache-dir ".[s3]"

COPY manage.py ./
COPY templates templates
COPY docs/manual docs/manual
COPY static static
COPY locale locale

# collectstatic no necesita base de datos; una URL ficticia evita arrancar el PostgreSQL embebido.
RUN DATABASE_URL=postgres://compilacion@localhost/compilacion DJANGO_SECRET_KEY=solo-para-collectstatic \
    python manage.py collectstatic --no-input

RUN useradd --system --uid 10001 --home-dir /app canastas \
    && mkdir -p /app/.datos && chown canastas /app/.datos
USER canastas

EXPOSE 8000
CMD ["gunicorn", "canastas.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
