"""noauth2's contract where Nova no longer has noauth2 (2026.1 removed
nova/api/openstack/auth.py and always builds the keystone pipeline).

Loaded by the api-paste.ini nova_paste.py writes, in the place of keystone's `authtoken` and
`keystonecontext` filters. Same behaviour as Zed's NoAuthMiddleware: no X-Auth-Token → 204 with
a fake token; `X-Auth-Token: <user>:<project>` → that request context, admin when the user is
`admin`. These releases check roles, so the admin gets admin/member/reader and anyone else
member/reader."""
from oslo_middleware import request_id
import webob
import webob.dec

from nova.api.openstack import wsgi
from nova import context

ADMIN_ROLES = ['admin', 'member', 'reader']
MEMBER_ROLES = ['member', 'reader']


class NoAuthStandIn:

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req):
        if 'X-Auth-Token' not in req.headers:
            user_id = req.headers.get('X-Auth-User', 'admin')
            project_id = req.headers.get('X-Auth-Project-Id', 'admin')
            res = webob.Response()
            res.headers['X-Auth-Token'] = '%s:%s' % (user_id, project_id)
            res.headers['X-Server-Management-Url'] = '/'.join([req.url.rstrip('/'), project_id])
            res.content_type = 'text/plain'
            res.status = '204'
            return res
        user_id, _sep, project_id = req.headers['X-Auth-Token'].partition(':')
        project_id = project_id or user_id
        is_admin = user_id == 'admin'
        req.environ['nova.context'] = context.RequestContext(
            user_id, project_id, is_admin=is_admin,
            roles=list(ADMIN_ROLES if is_admin else MEMBER_ROLES),
            remote_address=getattr(req, 'remote_addr', None) or '127.0.0.1',
            request_id=req.environ.get(request_id.ENV_REQUEST_ID))
        return self.application
