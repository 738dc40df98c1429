"""Horizon: the admin "Live Migrate Instance" form (`LiveMigrateForm`, validated and
handled as the view does it) or `openstack_dashboard.api.nova.server_live_migrate`, from a
source checkout or an installed package.

Everything from the form down to novaclient and the HTTP request is Horizon's and the
client libraries' own code. The scaffolding, all of it here:
  * Django runs with a minimal settings module written to a temporary directory
    (Horizon's own defaults plus the apps it needs; no database, no templates);
  * each request is a Django request whose user carries the token and a service catalog
    listing the compute endpoint (what Horizon's session holds after login);
  * Keystone is not contacted: the keystoneauth plugin novaclient would build to exchange
    the token (`identity.Token`) is replaced by one that sends the token as is;
  * the form's failure path (`horizon.exceptions.handle`, which would redirect) reports the
    exception it was handed instead, and URL names reverse to a placeholder (no URL conf).
"""
import atexit
import os
import shutil
import sys
import tempfile

from mvmatrix_drivers.protocol import NotOffered, intent_value, is_set

PROJECT = "horizon"
DISTRIBUTION = "horizon"
MODULE = "openstack_dashboard"
LIBRARIES = ("python-novaclient", "keystoneauth1", "Django")
ENTRYPOINTS = {
    "form": "openstack_dashboard.dashboards.admin.instances.forms.LiveMigrateForm.handle",
    "api": "openstack_dashboard.api.nova.server_live_migrate",
}
AUTO_SCHEDULE = "AUTO_SCHEDULE"
CURRENT_HOST = "mvmatrix-current-host"
OTHER_HOST = "mvmatrix-other-host"

SETTINGS = '''
"""Minimal Django settings for mvmatrix's Horizon driver (temporary, not Horizon's)."""
from openstack_dashboard.defaults import *  # noqa: F401,F403 - Horizon's own defaults
from openstack_dashboard import exceptions as _exceptions

SECRET_KEY = "mvmatrix-driver-not-a-secret"
DEBUG = False
USE_TZ = True
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "openstack_dashboard",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "horizon",
    "openstack_auth",
]
AUTH_USER_MODEL = "openstack_auth.User"
HORIZON_CONFIG = {
    "exceptions": {"recoverable": _exceptions.RECOVERABLE,
                   "not_found": _exceptions.NOT_FOUND,
                   "unauthorized": _exceptions.UNAUTHORIZED},
    "user_home": None,
}
LOGGING = {"version": 1, "disable_existing_loggers": True}
'''


class _Handled(Exception):
    """Stops the form's failure path once the exception has been recorded."""


class _Token(object):
    def __init__(self, token):
        self.id = token
        self.project = {"id": token.partition(":")[2] or token, "domain_id": "default"}


class _User(object):
    """What Horizon's session user holds after login: token, project, catalog, region."""

    def __init__(self, token, endpoint):
        self.username = token.partition(":")[0] or "mvmatrix"
        self.token = _Token(token)
        self.tenant_id = self.token.project["id"]
        self.project_id = self.tenant_id
        self.services_region = "RegionOne"
        self.is_authenticated = True
        self.service_catalog = [
            {"type": "compute", "name": "nova",
             "endpoints": [{"interface": "public", "region": "RegionOne", "url": endpoint}]},
            {"type": "identity", "name": "keystone",
             "endpoints": [{"interface": "public", "region": "RegionOne", "url": "http://127.0.0.1:9/identity/v3"}]},
        ]

    def has_perms(self, perms, obj=None):
        return True


def _write_settings():
    directory = tempfile.mkdtemp(prefix="mvmatrix-horizon-")
    atexit.register(shutil.rmtree, directory, True)
    with open(os.path.join(directory, "mvmatrix_horizon_settings.py"), "w") as f:
        f.write(SETTINGS)
    sys.path.append(directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mvmatrix_horizon_settings"
    return directory


def _send_token_as_is():
    """novaclient builds `identity.Token(auth_url=..., token=...)` for Horizon, which would
    ask Keystone for a scoped token; send the given token instead."""
    from keystoneauth1 import token_endpoint
    from novaclient import client as nova_client_module

    real_identity = nova_client_module.identity

    class _Identity(object):
        def __getattr__(self, name):
            return getattr(real_identity, name)

        @staticmethod
        def Token(token=None, **kwargs):  # noqa: N802 - the name novaclient calls
            return token_endpoint.Token(None, token)

    nova_client_module.identity = _Identity()


def setup_django():
    """Django set up with the minimal settings (shared with the proof's Horizon runs)."""
    if "DJANGO_SETTINGS_MODULE" not in os.environ or os.environ["DJANGO_SETTINGS_MODULE"] == "mvmatrix_horizon_settings":
        _write_settings()
    import django
    django.setup()


class Driver(object):
    def __init__(self, options, sessions):
        self.entry = options.get("entry") or "form"
        if self.entry not in ENTRYPOINTS:
            raise ValueError("unknown Horizon entry point %r (form, api)" % self.entry)
        self.entrypoint = ENTRYPOINTS[self.entry]
        setup_django()
        _send_token_as_is()
        from django.contrib.messages.storage.cookie import CookieStorage
        from django.test import RequestFactory
        from horizon import exceptions as horizon_exceptions
        from openstack_dashboard import api
        from openstack_dashboard.dashboards.admin.instances import forms
        self._factory = RequestFactory()
        self._storage = CookieStorage
        self._api = api
        self._forms = forms
        self._state = {}
        state = self._state

        def handle(request, message=None, *args, **kwargs):
            state["exc"] = sys.exc_info()[1]
            raise _Handled()

        horizon_exceptions.handle = handle
        if hasattr(forms, "reverse"):
            forms.reverse = lambda viewname, *args, **kwargs: "/" + str(viewname).replace(":", "/")

    def _request(self, token, endpoint):
        request = self._factory.post("/admin/instances/live_migrate")
        request.user = _User(token, endpoint)
        request.session = {}
        request._messages = self._storage(request)
        return request

    def live_migrate(self, request):
        intent = request["intent"]
        http_request = self._request(request["token"], request["endpoint"])
        if self.entry == "api":
            kwargs = {}
            if is_set(intent, "blockMigration"):
                kwargs["block_migration"] = intent["blockMigration"] is True
            if is_set(intent, "diskOverCommit"):
                kwargs["disk_over_commit"] = intent["diskOverCommit"]
            if is_set(intent, "force"):
                kwargs["force"] = intent["force"]  # a TypeError where the API has no force
            self._api.nova.server_live_migrate(http_request, request["server"], intent.get("host"), **kwargs)
            return {}
        return self._submit_form(http_request, request["server"], intent)

    def _submit_form(self, http_request, server, intent):
        host = intent.get("host")
        # The hosts the view lists (the current one is left out of the choices by the form).
        hosts = [CURRENT_HOST, OTHER_HOST] + ([host] if host else [])
        initial = {"instance_id": server, "current_host": CURRENT_HOST, "hosts": hosts}
        data = {"instance_id": server, "current_host": CURRENT_HOST, "host": host or AUTO_SCHEDULE}
        form_class = self._forms.LiveMigrateForm
        probe = form_class(http_request, initial=initial)
        # A checkbox is "on" when ticked and absent when not: "auto" is the unticked box.
        if intent_value(intent, "blockMigration") is True:
            data["block_migration"] = "on"
        if intent_value(intent, "diskOverCommit") is True:
            data["disk_over_commit"] = "on"
        if is_set(intent, "force"):
            if "force" not in probe.fields:
                raise NotOffered("Horizon's Live Migrate Instance form has no force option; leave force unset for this profile")
            if intent["force"]:
                data["force"] = "on"
        form = form_class(http_request, data=data, initial=initial)
        if not form.is_valid():
            raise FormInvalid(form.errors.get_json_data())
        self._state.clear()
        try:
            handled = form.handle(http_request, form.cleaned_data)
        except _Handled:
            raise self._state["exc"]
        return {"handled": handled is True, "messages": [str(m) for m in http_request._messages._queued_messages]}


class FormInvalid(Exception):
    """The form refused the input (a ValidationError shown to the user)."""

    def __init__(self, errors):
        text = "; ".join("%s: %s" % (field, " ".join(e["message"] for e in errs)) for field, errs in sorted(errors.items()))
        super(FormInvalid, self).__init__(text)
