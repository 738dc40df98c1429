"""The api-paste.ini the harness loads: the release's own file (from nova-common of the same
version), used as it is where Nova still has noauth2, and with the keystone pipelines'
`authtoken keystonecontext` replaced by mvmatrix's stand-in filter (nova_noauth.py) where
Nova removed noauth2 (2026.1). Which one applies comes from the harness profile."""
import re

STAND_IN_FILTER = 'mvmatrix_noauth'
STAND_IN_SECTION = '''
# Added by mvmatrix (nova_paste.py): noauth2's contract in keystone's place.
[filter:%s]
paste.filter_factory = nova_noauth:NoAuthStandIn.factory
''' % STAND_IN_FILTER

_KEYSTONE_LINE = re.compile(r'^(\s*keystone\s*=\s*)(.*)$')


def compose(source_text, auth):
    """`auth` is 'noauth2' (the file as Nova ships it) or 'stand-in'."""
    if auth == 'noauth2':
        return source_text
    if auth != 'stand-in':
        raise ValueError('unknown auth %r' % (auth,))
    out = []
    replaced = 0
    for line in source_text.splitlines():
        match = _KEYSTONE_LINE.match(line)
        if match and 'authtoken' in match.group(2).split():
            words = [STAND_IN_FILTER if w == 'authtoken' else w
                     for w in match.group(2).split() if w != 'keystonecontext']
            line = match.group(1) + ' '.join(words)
            replaced += 1
        out.append(line)
    if replaced == 0:
        raise SystemExit('api-paste.ini has no keystone pipeline with authtoken to replace')
    return '\n'.join(out) + '\n' + STAND_IN_SECTION


def write(source_path, target_path, auth):
    with open(source_path) as handle:
        text = handle.read()
    with open(target_path, 'w') as handle:
        handle.write(compose(text, auth))
