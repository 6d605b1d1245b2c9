from tests.integration.conftest import test_url  # noqa: F401  (shared fixture)
