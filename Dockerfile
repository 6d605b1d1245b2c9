# The Airflow image with the news-events library and its dependencies installed.
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:0 pyproject.toml README.md /opt/airflow/project/
COPY --chown=airflow:0 include /opt/airflow/project/include
RUN pip install --no-cache-dir /opt/airflow/project
