# Kommunekart: one replica of the app (compose.yaml runs three behind nginx; deploy/README.md).
#   docker build -t kommunekart .
#   docker run --rm -p 8501:8501 -v /path/to/shared/data:/mirror:ro kommunekart   (builds its dataset at start)
# The public data are not in the image: they are mounted (the local mirror at /mirror) or downloaded
# and checked by sha256 from the addresses in data/sources.yaml and geo/sources.yaml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KOMMUNEKART_MIRROR=/mirror \
    KOMMUNEKART_BUILD=/shared/build \
    KOMMUNEKART_EGNE_DATA=/shared/egne

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY app.py ./
COPY .streamlit ./.streamlit
COPY kommunekart ./kommunekart
COPY sider ./sider
COPY data/*.yaml ./data/
COPY geo/sources.yaml ./geo/
# Byte code compiled once into the image: the replicas run as a user who cannot write it, and would
# otherwise compile the project's modules at every start (~0,2 s, bench/bench_start.py).
RUN python -m compileall -q app.py kommunekart sider

# Not root. /shared holds what the build step writes and every replica reads: the dataset artefact
# and indicators saved by the CLI; the static map files that Streamlit serves from /app/static are the
# same volume's folder static/ (compose.yaml mounts it there). Only the one-off `build` service mounts
# them writable; the replicas mount them read-only.
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin kommunekart \
 && mkdir -p /shared/build /shared/egne /shared/static /app/static /app/geo/cache /app/data/cache \
 && chown -R kommunekart /shared /app/static /app/geo/cache /app/data/cache
USER kommunekart

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() != b'ok')"]
# The build step first (a no-op when the shared folder already holds this version's dataset), then the
# server; with a read-only /shared and no dataset in it, the app builds in memory and says so in its log.
CMD ["sh", "-c", "python -m kommunekart.pipeline.build || true; exec python -m kommunekart.web.serve --server.port 8501 --server.address 0.0.0.0"]
