"""news-events: turn scraped multilingual war news into a warehouse of claimed events.

The package is plain Python with no Airflow imports, so every stage runs and tests
without a scheduler. One module per stage:

- ``ingest``   find input files, decode them, read sidecars, hash their content
- ``clean``    strip boilerplate from HTML and plain text, keep an audit of what went
- ``langid``   language of each paragraph and of the document
- ``dedup``    exact and near-duplicate detection with a guard for templated reports
- ``extract``  rule-based event extraction per the event contract
- ``pipeline`` the stages chained in-process (used by the CLI and the DAG tasks)
- ``warehouse`` PostgreSQL migrations and idempotent loads
"""

__version__ = "0.1.0"
