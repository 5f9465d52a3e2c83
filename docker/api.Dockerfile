# The API (FastAPI, Python 3.11). Also serves the landing page, widget and adviser portal assets.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY . .
# Front-end bundles (widget, portal charts) are built from the locked npm projects when present.
RUN for d in widget web; do \
      if [ -f "$d/package-lock.json" ]; then (cd "$d" && npm ci --no-audit --no-fund && npm run build); fi; \
    done; mkdir -p api/static

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/api.lock requirements/api.lock
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r requirements/api.lock
COPY alembic.ini ./
COPY api ./api
COPY --from=assets /src/api/static ./api/static
RUN useradd --system --uid 10001 app && chown -R app /app
USER app
EXPOSE 8000
CMD ["sh", "-c", "python -m api.cli migrate && exec python -m api.serve --port ${API_PORT:-8000}"]
