from tests.letters.fixtures import (  # noqa: F401
    alice_address,
    bop_facility,
    bop_person,
    client_alice,
    pa_facility,
    pa_letter,
    pa_person,
)
