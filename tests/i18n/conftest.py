import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # LocaleMiddleware activates the request's language in this thread and leaves it there: a
    # Spanish request must not make the next test, in the same worker, run in Spanish.
    yield
    translation.deactivate()
