# The atlas service: slim Python, non-root, data and templates in the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BASES_GEODATA_DIR=/srv/atlas/geodata \
    BASES_TEMPLATES_DIR=/srv/atlas/templates

WORKDIR /srv/atlas
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install . && useradd --system --uid 10001 --no-create-home atlas \
    && mkdir -p /srv/export && chown 10001 /srv/export
COPY geodata ./geodata
COPY templates ./templates

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["bases", "serve", "--host", "0.0.0.0", "--port", "8000"]
