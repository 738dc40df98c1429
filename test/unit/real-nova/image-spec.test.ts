import { describe, expect, it } from 'vitest';
import { findDebianNova } from '../../../src/providers/real-nova/debian-releases.js';
import { describeImage, formatAge, formatSize, IMAGE_PACKAGES, imageLabels, imageTag, tagSafeVersion, upstreamVersion } from '../../../src/providers/real-nova/images/image-spec.js';
import { warmupFiles, warmupRequests } from '../../../src/providers/real-nova/images/warmup.js';
import { findReadyLine } from '../../../src/providers/real-nova/ready-line.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';

describe('real-Nova image tags', () => {
  it('name the suite and the exact python3-nova version, made tag-safe', () => {
    expect(imageTag('bookworm', '2:26.2.2-1~deb12u5')).toBe('mvmatrix/real-nova:bookworm-26.2.2-1_deb12u5');
    expect(imageTag('trixie', '2:31.0.0-6+deb13u3')).toBe('mvmatrix/real-nova:trixie-31.0.0-6_deb13u3');
    expect(tagSafeVersion('2:34.0.0-4')).toBe('34.0.0-4');
    expect(upstreamVersion('2:22.0.1-2+deb11u1')).toBe('22.0.1');
    expect(upstreamVersion('2:26.2.2-1~deb12u5')).toBe('26.2.2');
  });
});

describe('real-Nova image labels', () => {
  const nova = findDebianNova('sid');
  const labels = imageLabels({ nova, packageVersion: '2:34.0.0-4', packageSetHash: 'abc123' });

  it('record suite, release, versions and the package-set hash, and read back as the image description', () => {
    expect(labels).toMatchObject({ 'mvmatrix.image': 'real-nova', 'mvmatrix.suite': 'sid', 'mvmatrix.release': 'hibiscus', 'mvmatrix.nova-version': '34.0.0', 'mvmatrix.package-set': 'abc123' });
    const image = describeImage({
      id: 'sha256:1',
      tags: ['mvmatrix/real-nova:sid', 'mvmatrix/real-nova:sid-34.0.0-4'],
      labels: { ...labels, 'mvmatrix.packages': 'python3-nova=2:34.0.0-4,python3-novaclient=2:18.13.1-3', 'mvmatrix.build-seconds': '278' },
      sizeBytes: 985e6,
      createdAt: new Date(0),
    });
    expect(image).toMatchObject({ tag: 'mvmatrix/real-nova:sid-34.0.0-4', release: 'hibiscus', novaVersion: '34.0.0', buildSeconds: 278 });
    expect(image?.packages).toEqual(['python3-nova=2:34.0.0-4', 'python3-novaclient=2:18.13.1-3']);
  });

  it('ignore images that are not real-Nova images', () => {
    expect(describeImage({ id: 'x', tags: ['debian:sid'], labels: {}, sizeBytes: 1, createdAt: new Date(0) })).toBeUndefined();
  });

  it('carry the clients and the full-control-plane packages', () => {
    for (const p of ['python3-novaclient', 'python3-openstacksdk', 'python3-openstackclient', 'python3-django-horizon', 'python3-placement', 'python3-wsgi-intercept', 'python3-oslotest']) {
      expect(IMAGE_PACKAGES).toContain(p);
    }
  });

  it('print sizes and ages for people', () => {
    expect(formatSize(842_000_000)).toBe('842 MB');
    expect(formatSize(1_250_000_000)).toBe('1.25 GB');
    expect(formatAge(30)).toBe('30 s');
    expect(formatAge(3600)).toBe('60 min');
    expect(formatAge(3 * 86400)).toBe('3 days');
  });
});

describe('the image warm-up', () => {
  it('sends the live-migration set at the release maximum, with the seeded ids and noauth2 tokens resolved', () => {
    const requests = warmupRequests(findDebianNova('victoria'), DEFAULT_WORLD);
    expect(requests.length).toBeGreaterThan(150);
    expect(requests.some((r) => r.headers['OpenStack-API-Version'] === 'compute 2.87')).toBe(true);
    expect(requests.some((r) => r.headers['OpenStack-API-Version'] === 'compute 2.88')).toBe(true);
    expect(requests.every((r) => !r.path.includes('{'))).toBe(true);
    expect(requests.find((r) => r.method === 'POST')?.headers['X-Auth-Token']).toBe(`admin:${DEFAULT_WORLD.projectId}`);
  });

  it('configures the harness for the image release in its own scratch directory', () => {
    const files = warmupFiles(findDebianNova('forky'), DEFAULT_WORLD);
    expect(Object.keys(files).sort()).toEqual(['harness.json', 'imports.json', 'nova.conf', 'requests.json', 'world.json']);
    expect(files['nova.conf']).toContain('/var/lib/mvmatrix/warmup/nova_api.sqlite');
    expect(JSON.parse(files['harness.json']!).release).toBe('gazpacho');
  });
});

describe("the harness's ready line", () => {
  it('gives the port the harness picked, and its release and version', () => {
    const text = 'noise\nMVMATRIX-READY {"port": 40123, "release": "epoxy", "nova_version": "31.0.0", "mode": "api", "server": "eventlet"}\nmore';
    expect(findReadyLine(text)).toEqual({ port: 40123, release: 'epoxy', novaVersion: '31.0.0', mode: 'api', fullUnavailable: null });
  });

  it('is not there until the whole line arrived', () => {
    expect(findReadyLine('MVMATRIX-READY {"port": 401')).toBeUndefined();
    expect(findReadyLine('nothing yet')).toBeUndefined();
  });
});
