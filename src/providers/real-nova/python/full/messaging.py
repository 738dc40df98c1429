"""In-process messaging with a real transport's error semantics.

The oslo.messaging fake driver (what Nova's RPC fixture uses) hands an RPC call's exception
object straight back to the caller. Every real driver (RabbitMQ, …) serialises it on the server
(``serialize_remote_exception``) and rebuilds it on the client (``deserialize_remote_exception``):
the caller gets a ``<Class>_Remote`` exception whose text ends with the remote traceback. Nova
shows that in places (30.2.1+ wraps a source-check failure as "Error while
check_can_live_migrate_source from <src> to host <dest>: <Class>_Remote <message>…"), so the
fake driver's replies go through the same two functions here. Nothing else changes: messages
stay in memory.
"""
import functools

import fixtures
from oslo_messaging._drivers import common as rpc_common
from oslo_messaging._drivers import impl_fake


class SerializedFailure(Exception):
    """An RPC failure on its way back to the caller, as a real transport carries it."""

    def __init__(self, data):
        super().__init__('serialized remote exception')
        self.data = data


class RemoteExceptions(fixtures.Fixture):
    def setUp(self):
        super().setUp()
        original_reply = impl_fake.FakeIncomingMessage.reply
        send = impl_fake.FakeDriver._send

        @functools.wraps(original_reply)
        def serializing_reply(message, reply=None, failure=None):
            if failure:
                failure = (SerializedFailure, SerializedFailure(rpc_common.serialize_remote_exception(failure)), None)
            return original_reply(message, reply=reply, failure=failure)

        @functools.wraps(send)
        def deserializing_send(driver, *args, **kwargs):
            try:
                return send(driver, *args, **kwargs)
            except SerializedFailure as failure:
                raise rpc_common.deserialize_remote_exception(failure.data, driver._allowed_remote_exmods)

        self.useFixture(fixtures.MonkeyPatch('oslo_messaging._drivers.impl_fake.FakeIncomingMessage.reply', serializing_reply))
        self.useFixture(fixtures.MonkeyPatch('oslo_messaging._drivers.impl_fake.FakeDriver._send', deserializing_send))
