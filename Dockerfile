# kr-news-pipeline as a container: `docker build -t kr-news-pipeline .`
# The build needs nothing beyond the base image and PyPI (pip). Mount the site
# folder (config, posts, archive) at /data; see docs/operations.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Seoul

WORKDIR /src
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
RUN pip install . && rm -rf /src \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin pipeline \
    && mkdir -p /data && chown pipeline /data

USER pipeline
WORKDIR /data
VOLUME ["/data"]

# One run per container start: schedule it with cron, a systemd timer or a
# Kubernetes CronJob. Exit codes as documented in the README.
ENTRYPOINT ["kr-news-pipeline"]
CMD ["ingest", "--config", "/data/pipeline.yaml"]
