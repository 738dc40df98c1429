/**
 * Real-Nova images: one per Debian suite that ships python3-nova, found or built on demand.
 * The API other workstreams call:
 *
 *   findOrBuildNovaImage('epoxy' | 'trixie', { rebuild?, refresh?, onProgress? }) → NovaImage
 *   listNovaImages() → NovaImage[] (tag, suite, release, versions, packages, size, age)
 *
 * An image is reused when present with the current package-set label (same python3-nova
 * version, package set and build recipe); the mirror's python3-nova version is looked up at
 * most once a day (package lists cached under the cache directory), and when the mirror cannot
 * be reached the newest local image of the suite is used. Adapter.
 */
import { ERROR_CODES, isMvmError, MvmError } from '../../../errors.js';
import { findDebianNova, type DebianNova } from '../debian-releases.js';
import { buildImage, imageCacheDirectory, planBuild } from './build.js';
import { imagesWithLabel, inspectImage, requireDocker, tagImage } from './docker.js';
import { describeImage, IMAGE_KIND, LABEL, suiteTag, type InspectedImage, type NovaImage } from './image-spec.js';
import { candidateNovaVersion } from './mirror.js';

export { IMAGE_PACKAGES, IMAGE_REPOSITORY, contentTag, imageTag, suiteTag, formatAge, formatSize, type NovaImage } from './image-spec.js';
export { imageCacheDirectory } from './build.js';
export { dockerProblem, requireDocker, DOCKER_HINT } from './docker.js';

export interface FindOrBuildOptions {
  /** Build even when a matching image exists. */
  readonly rebuild?: boolean;
  /** Fetch the mirror's package lists now, not at most once a day. */
  readonly refresh?: boolean;
  readonly cacheDir?: string;
  readonly onProgress?: (line: string) => void;
}

export interface FoundImage {
  readonly image: NovaImage;
  /** False when an existing image was reused. */
  readonly built: boolean;
  /** Wall-clock seconds of the build (or of finding the image). */
  readonly seconds: number;
}

/** Every real-Nova image on this machine, newest first. */
export async function listNovaImages(): Promise<NovaImage[]> {
  await requireDocker('listing real-Nova images');
  const images = (await imagesWithLabel(LABEL.image, IMAGE_KIND)).map(describeImage).filter((i): i is NovaImage => i !== undefined);
  return images.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

async function newestLocal(nova: DebianNova): Promise<NovaImage | undefined> {
  return (await listNovaImages()).find((i) => i.suite === nova.suite);
}

/** An image with this package-set label but without its content tag (an untagged build, or one from before content tags): tagged and returned. */
async function sameContent(packageSetHash: string, tag: string): Promise<InspectedImage | undefined> {
  const [found] = await imagesWithLabel(LABEL.packageSet, packageSetHash);
  if (!found) return undefined;
  await tagImage(found.id, tag);
  return inspectImage(tag);
}

/** The image of `release` (a Nova release or Debian suite), built when missing or out of date. */
export async function findOrBuildNovaImage(release: string, options: FindOrBuildOptions = {}): Promise<FoundImage> {
  const started = performance.now();
  const nova = findDebianNova(release);
  await requireDocker(`the real Nova ${nova.release.title} (Debian ${nova.suite})`);
  const cacheDir = options.cacheDir ?? imageCacheDirectory();
  const progress = options.onProgress ?? (() => undefined);
  let packageVersion: string;
  try {
    packageVersion = await candidateNovaVersion(nova, cacheDir, { refresh: options.refresh === true });
  } catch (error) {
    const local = options.rebuild ? undefined : await newestLocal(nova);
    if (!local || !isMvmError(error)) throw error;
    progress(`${error.message}; using the local image ${local.tag}`);
    return { image: local, built: false, seconds: (performance.now() - started) / 1000 };
  }
  const plan = planBuild(nova, packageVersion);
  if (!options.rebuild) {
    const existing = (await inspectImage(plan.contentTag)) ?? (await sameContent(plan.packageSetHash, plan.contentTag));
    const image = existing && describeImage(existing);
    if (image && image.packageSetHash === plan.packageSetHash) {
      return { image, built: false, seconds: (performance.now() - started) / 1000 };
    }
    const previous = await inspectImage(plan.tag);
    const was = previous && describeImage(previous);
    if (was) progress(`${plan.tag}: package set changed (${was.packageSetHash} → ${plan.packageSetHash}), building`);
  }
  progress(`building ${plan.contentTag} (Nova ${nova.release.title}, Debian ${nova.suite}, python3-nova ${packageVersion})`);
  await buildImage(plan, { cacheDir, onProgress: progress });
  await tagImage(plan.contentTag, plan.tag);
  await tagImage(plan.contentTag, suiteTag(nova.suite));
  const built = await inspectImage(plan.contentTag);
  const image = built && describeImage(built);
  if (!image) throw new MvmError(ERROR_CODES.PROVIDER, `the build of ${plan.contentTag} finished but the image is not there`, { hint: 'run docker images; rebuild with --rebuild' });
  return { image, built: true, seconds: (performance.now() - started) / 1000 };
}
