"""A real mail server for the tests (aiosmtpd, on 127.0.0.1), and a port where none listens."""

import socket
from contextlib import contextmanager


def closed_port():
    """A local TCP port nothing listens on (a mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message the server accepted."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def mail_server(port):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
