# syntax=docker/dockerfile:1
ARG AIRFLOW_VERSION=2.9.3
ARG PY=3.11
FROM --platform=linux/amd64 apache/airflow:${AIRFLOW_VERSION}-python${PY} AS base
ENV PIP_NO_CACHE_DIR=1 \
    EXTRA="a b"
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" \
      apache-airflow-providers-cncf-kubernetes==8.4.1 -r /req.txt && \
    python -m pip install 'x[y]>=1'
FROM base
RUN uv pip install -c c.txt z==1
