"""Which code a driver runs: package version or git commit, paths, and a hash of the
modules actually loaded from the client's code, so two runs can tell whether the code
that ran was the same."""
import glob
import hashlib
import os
import platform
import subprocess
import sys

try:
    from importlib import metadata as importlib_metadata
except ImportError:  # Python < 3.8
    importlib_metadata = None


def distribution_version(name):
    if importlib_metadata is None:
        return None
    try:
        return importlib_metadata.version(name)
    except Exception:  # noqa: BLE001 - not installed, or broken metadata
        return None


def _version_in_checkout(root, distribution):
    """Version from an .egg-info/.dist-info inside a checkout or an unpacked package."""
    pattern = distribution.replace("-", "_")
    for entry in sorted(glob.glob(os.path.join(root, "*.egg-info")) + glob.glob(os.path.join(root, "*.dist-info"))):
        base = os.path.basename(entry).rsplit(".", 1)[0]
        name, _, version = base.partition("-")
        if name.replace("-", "_").lower() == pattern.lower() and version:
            return version
        pkg_info = os.path.join(entry, "PKG-INFO")
        if os.path.isfile(pkg_info):
            with open(pkg_info, encoding="utf-8", errors="replace") as f:
                head = dict(line.rstrip("\n").split(": ", 1) for line in f if ": " in line and not line.startswith(" "))
            if head.get("Name", "").replace("-", "_").lower() == pattern.lower():
                return head.get("Version")
    return None


def _git(root, *args):
    try:
        out = subprocess.run(["git", "-C", root] + list(args), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30, check=True)
    except Exception:  # noqa: BLE001 - no git, not a repository
        return None
    return out.stdout.decode("utf-8", "replace").strip()


def git_identity(root):
    commit = _git(root, "rev-parse", "HEAD")
    if not commit:
        return None
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    describe = _git(root, "describe", "--tags", "--always", "--dirty")
    return {"commit": commit, "dirty": bool(status), "describe": describe}


def loaded_modules_hash(roots):
    """sha256 over the source of every loaded module whose file lies under `roots`."""
    roots = [os.path.realpath(r) + os.sep for r in roots]
    files = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        real = os.path.realpath(path)
        if real.endswith(".pyc"):
            continue
        for root in roots:
            if real.startswith(root):
                files.add((real[len(root):], real))
    digest = hashlib.sha256()
    for rel, real in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0")
        with open(real, "rb") as f:
            digest.update(f.read())
        digest.update(b"\0")
    return {"files": len(files), "sha256": digest.hexdigest()}


def code_identity(project, distribution, module, source=None):
    """Identity of `module` (already imported): where it was loaded from and which version.

    `source` is the checkout directory the driver was pointed at (None: installed package).
    """
    location = os.path.dirname(os.path.realpath(module.__file__))
    root = os.path.dirname(location)
    identity = {"project": project, "distribution": distribution, "location": location}
    if source is not None:
        source = os.path.realpath(source)
        identity["kind"] = "checkout"
        identity["source"] = source
        identity["version"] = _version_in_checkout(source, distribution) or (git_identity(source) or {}).get("describe")
        git = git_identity(source)
        if git:
            identity["git"] = git
        if not location.startswith(source + os.sep):
            identity["warning"] = "%s was loaded from %s, not from the checkout %s" % (module.__name__, location, source)
    else:
        identity["kind"] = "installed"
        identity["version"] = distribution_version(distribution) or _version_in_checkout(root, distribution)
    return identity


def python_identity():
    return {"executable": sys.executable, "version": platform.python_version(), "implementation": platform.python_implementation()}


def libraries(names):
    return {name: distribution_version(name) for name in names}
