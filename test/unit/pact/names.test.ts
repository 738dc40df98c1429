import { describe, expect, it } from 'vitest';
import { consumerName, providerName, targetOfProvider } from '../../../src/pact/names.js';

describe('pact names', () => {
  it('names a consumer by its client and version when the profile carries them, else by its id', () => {
    expect(consumerName({ id: 'horizon-60455e5ff', client: 'horizon', clientVersion: '27.0.0' })).toBe('horizon@27.0.0');
    expect(consumerName({ id: 'horizon-60455e5ff' })).toBe('horizon-60455e5ff');
    expect(consumerName({ id: 'novaclient@2.30', client: 'novaclient' })).toBe('novaclient@2.30');
    expect(consumerName({ id: 'x', client: 'novaclient', clientVersion: '18.13.1', microversionPin: '2.25' })).toBe('novaclient@18.13.1+mv2.25');
    expect(consumerName({ id: 'x', client: 'novaclient', clientVersion: '18.13.1', microversionPin: null })).toBe('novaclient@18.13.1');
  });

  it('names one provider per Nova target and maps the name back to the target', () => {
    const cases: Array<[string, string]> = [
      ['zed', 'nova-zed'],
      ['mv-2.30', 'nova-max-2.30'],
      ['zed@2.60', 'nova-zed-max-2.60'],
      ['2025.1', 'nova-2025.1'],
    ];
    for (const [target, provider] of cases) {
      expect(providerName(target)).toBe(provider);
      expect(targetOfProvider(provider)).toBe(target);
    }
    expect(targetOfProvider('keystone')).toBeUndefined();
  });
});

describe('providers of the releases Debian ships', () => {
  it('names each real Nova release Debian ships as its own provider', async () => {
    const { DEBIAN_NOVAS } = await import('../../../src/providers/real-nova/debian-releases.js');
    expect(DEBIAN_NOVAS.map((d) => providerName(d.release.name))).toEqual(['nova-victoria', 'nova-zed', 'nova-epoxy', 'nova-gazpacho', 'nova-hibiscus']);
  });
});
