/**
 * Nova's version documents (facts §1.7; `nova/api/openstack/compute/versions.py`,
 * `views/versions.py`), built from a target and the URL prefix. Pure.
 */
import { formatMicroversion } from '../microversion/version.js';
import type { NovaTarget } from './target.js';

const DOCS_LINK = { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' } as const;
const MEDIA_V2 = [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' }];
const MEDIA_V21 = [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }];

interface VersionInfo {
  readonly id: 'v2.0' | 'v2.1';
  readonly status: string;
  readonly version: string;
  readonly min_version: string;
  readonly updated: string;
  readonly 'media-types': typeof MEDIA_V2;
}

function versions(target: NovaTarget): readonly [VersionInfo, VersionInfo] {
  return [
    { id: 'v2.0', status: target.release.v2Status, version: '', min_version: '', updated: target.release.v2Updated, 'media-types': MEDIA_V2 },
    {
      id: 'v2.1',
      status: 'CURRENT',
      version: formatMicroversion(target.maxMicroversion),
      min_version: formatMicroversion(target.minMicroversion),
      updated: '2013-07-23T11:33:21Z',
      'media-types': MEDIA_V21,
    },
  ];
}

/** `common.url_join`: parts stripped of `/`, joined; an empty last part keeps a trailing slash. */
function urlJoin(...parts: string[]): string {
  const clean = parts.filter((p) => p !== '').map((p) => p.replace(/^\/+|\/+$/g, ''));
  if (parts[parts.length - 1] === '') clean.push('');
  return clean.join('/');
}

function segment(id: VersionInfo['id']): string {
  return id === 'v2.1' ? 'v2.1' : 'v2';
}

/** `GET /`: both versions, no media types. */
export function rootVersionsDocument(origin: string, target: NovaTarget): unknown {
  return {
    versions: versions(target).map((v) => ({
      id: v.id,
      status: v.status,
      version: v.version,
      min_version: v.min_version,
      updated: v.updated,
      links: [{ rel: 'self', href: urlJoin(origin, segment(v.id), '') }],
    })),
  };
}

/** Any other path that falls to the root app: 300 with choices pointing at `path` under each version. */
export function choicesDocument(origin: string, target: NovaTarget, path: string): unknown {
  return {
    choices: versions(target).map((v) => ({
      id: v.id,
      status: v.status,
      links: [{ rel: 'self', href: urlJoin(origin, segment(v.id), path) }],
      'media-types': v['media-types'],
    })),
  };
}

/** `GET /v2.1/` (or `/v2/` with `legacy`): one version with self + describedby links and media types. */
export function versionDocument(origin: string, target: NovaTarget, legacy: boolean): unknown {
  const v = versions(target)[legacy ? 0 : 1];
  return {
    version: {
      id: v.id,
      status: v.status,
      version: v.version,
      min_version: v.min_version,
      updated: v.updated,
      links: [{ rel: 'self', href: `${origin}/${segment(v.id)}/` }, { ...DOCS_LINK }],
      'media-types': v['media-types'],
    },
  };
}
