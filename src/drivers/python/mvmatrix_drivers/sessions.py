"""keystoneauth sessions that send a given token (no Keystone): the one piece of
scaffolding every driver shares. The token is the cell's noauth2-style token, or the
operator's token for a real cloud; the endpoint always comes from the request."""


class Sessions(object):
    def __init__(self):
        self._by_token = {}

    def for_token(self, token):
        session = self._by_token.get(token)
        if session is None:
            from keystoneauth1 import session as ksession
            from keystoneauth1 import token_endpoint
            session = ksession.Session(auth=token_endpoint.Token(None, token))
            self._by_token[token] = session
        return session
