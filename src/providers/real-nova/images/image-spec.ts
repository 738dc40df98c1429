/**
 * What a real-Nova image is: its package set (data), tag, labels, and the image description
 * read back from the labels. Pure.
 *
 * Tag scheme: `mvmatrix/real-nova:<suite>-<python3-nova version>` with the Debian version made
 * tag-safe (epoch dropped, `~` and `+` → `_`): `mvmatrix/real-nova:bookworm-26.2.2-1_deb12u5`,
 * the newest build of that suite and version; `mvmatrix/real-nova:<suite>`, the newest build of
 * the suite; and the content tag `…:<suite>-<version>-<package-set hash>`, which names one
 * build for good (two checkouts of mvmatrix with different recipes on one machine each find
 * their own image instead of rebuilding over each other).
 */
import type { DebianNova } from '../debian-releases.js';

export const IMAGE_REPOSITORY = 'mvmatrix/real-nova';

/**
 * Installed into every image besides python3-nova (nova-common's api-paste.ini is extracted,
 * not installed): the suite's real clients (clients workstream) and what a full control plane
 * needs (placement, wsgi-intercept, oslotest; full-nova workstream).
 */
export const IMAGE_PACKAGES: readonly string[] = Object.freeze([
  'python3-novaclient',
  'python3-openstacksdk',
  'python3-openstackclient',
  'python3-django-horizon',
  'python3-placement',
  'python3-wsgi-intercept',
  'python3-oslotest',
]);

/** Client modules the image build imports once so their byte code is in the image. */
export const WARMUP_IMPORTS: readonly string[] = Object.freeze([
  'novaclient.client',
  'novaclient.v2.client',
  'novaclient.v2.servers',
  'openstack.connection',
  'openstack.compute.v2._proxy',
  'openstackclient.shell',
  'openstackclient.compute.v2.server',
  'placement.deploy',
  'wsgi_intercept',
  'oslotest.base',
]);

/** Label keys (all under `mvmatrix.`). */
export const LABEL = {
  image: 'mvmatrix.image',
  suite: 'mvmatrix.suite',
  release: 'mvmatrix.release',
  novaVersion: 'mvmatrix.nova-version',
  packageVersion: 'mvmatrix.package-version',
  packageSet: 'mvmatrix.package-set',
  packages: 'mvmatrix.packages',
  buildSeconds: 'mvmatrix.build-seconds',
} as const;

export const IMAGE_KIND = 'real-nova';

/** `2:26.2.2-1~deb12u5` → `26.2.2-1_deb12u5`. */
export function tagSafeVersion(debianVersion: string): string {
  return debianVersion.replace(/^\d+:/, '').replace(/[~+:]/g, '_');
}

/** `2:26.2.2-1~deb12u5` → `26.2.2` (the upstream version, what Nova calls itself). */
export function upstreamVersion(debianVersion: string): string {
  return debianVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[~+].*$/, '');
}

export function imageTag(suite: string, packageVersion: string): string {
  return `${IMAGE_REPOSITORY}:${suite}-${tagSafeVersion(packageVersion)}`;
}

/** The tag of exactly one package set: `mvmatrix/real-nova:sid-34.0.0-4-50dcd994ec133d0d`. */
export function contentTag(suite: string, packageVersion: string, packageSetHash: string): string {
  return `${imageTag(suite, packageVersion)}-${packageSetHash}`;
}

export function suiteTag(suite: string): string {
  return `${IMAGE_REPOSITORY}:${suite}`;
}

/**
 * What decides an image's content besides the suite: the exact python3-nova version, the
 * package set and the build recipe (scripts + warm-up). Hash it (in the adapter) into
 * {@link LABEL.packageSet}; an image whose label differs is rebuilt.
 */
export function packageSetDescription(nova: DebianNova, packageVersion: string, recipeDigest: string, sources: readonly string[]): string {
  return JSON.stringify({ suite: nova.suite, python3Nova: packageVersion, packages: IMAGE_PACKAGES, sources, recipe: recipeDigest });
}

export interface ImageBuildFacts {
  readonly nova: DebianNova;
  readonly packageVersion: string;
  readonly packageSetHash: string;
}

/** `key="value"` lines for `docker import --change 'LABEL …'`. */
export function imageLabels(facts: ImageBuildFacts): Record<string, string> {
  return {
    [LABEL.image]: IMAGE_KIND,
    [LABEL.suite]: facts.nova.suite,
    [LABEL.release]: facts.nova.release.name,
    [LABEL.novaVersion]: upstreamVersion(facts.packageVersion),
    [LABEL.packageVersion]: facts.packageVersion,
    [LABEL.packageSet]: facts.packageSetHash,
  };
}

/** A real-Nova image present on this machine. */
export interface NovaImage {
  /** The content tag `mvmatrix/real-nova:bookworm-26.2.2-1_deb12u5-<hash>` (this build for good). */
  readonly tag: string;
  readonly id: string;
  readonly suite: string;
  readonly release: string;
  /** `26.2.2`. */
  readonly novaVersion: string;
  /** `2:26.2.2-1~deb12u5`. */
  readonly packageVersion: string;
  readonly packageSetHash: string;
  /** `python3-novaclient=2:18.1.0-1, …` as installed. */
  readonly packages: readonly string[];
  readonly sizeBytes: number;
  readonly createdAt: Date;
  /** Seconds the build took, when it was built by this version of mvmatrix. */
  readonly buildSeconds: number | null;
}

export interface InspectedImage {
  readonly id: string;
  readonly tags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly sizeBytes: number;
  readonly createdAt: Date;
}

/** The image description from an inspected image; undefined when it is not a real-Nova image. */
export function describeImage(image: InspectedImage): NovaImage | undefined {
  const l = image.labels;
  if (l[LABEL.image] !== IMAGE_KIND || !l[LABEL.suite] || !l[LABEL.packageVersion]) return undefined;
  const content = contentTag(l[LABEL.suite]!, l[LABEL.packageVersion]!, l[LABEL.packageSet] ?? '');
  const exact = imageTag(l[LABEL.suite]!, l[LABEL.packageVersion]!);
  const build = Number(l[LABEL.buildSeconds]);
  return {
    tag: image.tags.includes(content) ? content : image.tags.includes(exact) ? exact : (image.tags[0] ?? image.id),
    id: image.id,
    suite: l[LABEL.suite]!,
    release: l[LABEL.release] ?? '',
    novaVersion: l[LABEL.novaVersion] ?? upstreamVersion(l[LABEL.packageVersion]!),
    packageVersion: l[LABEL.packageVersion]!,
    packageSetHash: l[LABEL.packageSet] ?? '',
    packages: (l[LABEL.packages] ?? '').split(',').filter((p) => p !== ''),
    sizeBytes: image.sizeBytes,
    createdAt: image.createdAt,
    buildSeconds: Number.isFinite(build) && l[LABEL.buildSeconds] !== undefined ? build : null,
  };
}

/** `812 MB`. */
export function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

/** `3 min`, `5 h`, `2 days`. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
