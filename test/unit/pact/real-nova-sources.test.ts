import { describe, expect, it } from 'vitest';
import { DEBIAN_NOVAS } from '../../../src/providers/real-nova/debian-releases.js';
import { realNovaPlan, type RealNovaAvailability } from '../../../src/pact/real-nova-sources.js';

const images = new Map([
  ['bullseye', { tag: 'mvmatrix/real-nova:bullseye-22.0.1', novaVersion: '22.0.1' }],
  ['bookworm', { tag: 'mvmatrix/real-nova:bookworm-26.2.2', novaVersion: '26.2.2' }],
]);

function uses(available: RealNovaAvailability, ci: boolean): string[] {
  return realNovaPlan(DEBIAN_NOVAS, available, ci).map((p) => `${p.nova.release.name}:${p.use}`);
}

describe('which real Novas verify asks', () => {
  it('runs each release with an image in a container and skips the others outside CI, saying how to build them', () => {
    const plan = realNovaPlan(DEBIAN_NOVAS, { images }, false);
    expect(plan.map((p) => `${p.nova.release.name}:${p.use}`)).toEqual(['victoria:container', 'zed:container', 'epoxy:skip', 'gazpacho:skip', 'hibiscus:skip']);
    const epoxy = plan[2]!;
    expect(epoxy.use === 'skip' && epoxy.why).toMatch(/no image of Epoxy .*mvmatrix nova images --release epoxy/);
  });

  it('makes a missing image an error with CI=true, never a skip', () => {
    expect(uses({ images }, true)).toEqual(['victoria:container', 'zed:container', 'epoxy:error', 'gazpacho:error', 'hibiscus:error']);
  });

  it('falls back to the host python3-nova only for its own release when Docker is missing', () => {
    const noDocker: RealNovaAvailability = { dockerProblem: 'no Docker engine answers', images, host: { release: 'zed', novaVersion: '26.2.2' } };
    expect(uses(noDocker, true)).toEqual(['victoria:error', 'zed:host', 'epoxy:error', 'gazpacho:error', 'hibiscus:error']);
    const victoria = realNovaPlan(DEBIAN_NOVAS, noDocker, false)[0]!;
    expect(victoria.use === 'skip' && victoria.why).toBe('Victoria needs Docker: no Docker engine answers');
  });
});
