# Newsroom web image: gunicorn serving Django, whitenoise serving static files.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NEWSROOM_VAR_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 1000 newsroom
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /app/var && chown -R newsroom /app/media /app/var
USER newsroom

EXPOSE 8000
# Migrate on start (safe with several replicas: Django takes a lock per migration
# on PostgreSQL), then serve with sync workers. Django logs each request itself (JSON).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn newsroom.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --forwarded-allow-ips '*'"]
