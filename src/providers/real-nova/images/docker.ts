/**
 * The few Docker operations the image builder and launcher need, through the `docker` CLI
 * (docker.io): is an engine answering, inspect/list/tag/remove images. Every call has a
 * timeout, so a missing or stuck engine is reported, never waited on. Adapter.
 */
import { execFile } from 'node:child_process';
import { ERROR_CODES, MvmError } from '../../../errors.js';
import type { InspectedImage } from './image-spec.js';

export const DOCKER_HINT =
  'install Docker (Debian: apt-get install docker.io) and start its engine (systemctl start docker, or dockerd &); DOCKER_HOST selects another engine';

interface DockerResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
  readonly timedOut: boolean;
}

/** Runs `docker <args>`; never throws. */
export function docker(args: readonly string[], timeoutMs = 30_000): Promise<DockerResult> {
  return new Promise((resolve) => {
    execFile('docker', [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        missing: e?.code === 'ENOENT',
        timedOut: e?.killed === true,
      });
    });
  });
}

/** What is missing for containers, in one sentence; undefined when an engine answers. */
export async function dockerProblem(timeoutMs = 15_000): Promise<string | undefined> {
  const result = await docker(['version', '--format', '{{.Server.Version}}'], timeoutMs);
  if (result.missing) return 'the docker command is not installed';
  const where = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  if (result.timedOut) return `the Docker engine at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  if (result.code !== 0 || result.stdout.trim() === '') {
    const detail = result.stderr.trim().split('\n').pop() ?? '';
    return `no Docker engine answers at ${where}${detail ? ` (${detail})` : ''}`;
  }
  return undefined;
}

/** Throws PREREQUISITE (exit 3) saying what is missing when no engine answers. */
export async function requireDocker(purpose: string): Promise<void> {
  const problem = await dockerProblem();
  if (problem) throw new MvmError(ERROR_CODES.PREREQUISITE, `${purpose} needs Docker: ${problem}`, { hint: DOCKER_HINT });
}

async function dockerOrThrow(args: readonly string[], timeoutMs?: number): Promise<string> {
  const result = await docker(args, timeoutMs);
  if (result.code !== 0) {
    throw new MvmError(ERROR_CODES.PROVIDER, `docker ${args[0]} ${args[1] ?? ''} failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`}`, { hint: DOCKER_HINT });
  }
  return result.stdout;
}

interface RawInspect {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
  Created?: string;
  Config?: { Labels?: Record<string, string> | null } | null;
}

function toInspected(raw: RawInspect): InspectedImage {
  return {
    id: raw.Id,
    tags: raw.RepoTags ?? [],
    labels: raw.Config?.Labels ?? {},
    sizeBytes: raw.Size ?? 0,
    createdAt: new Date(raw.Created ?? 0),
  };
}

/** The image, or undefined when no image has that reference. */
export async function inspectImage(reference: string): Promise<InspectedImage | undefined> {
  const result = await docker(['image', 'inspect', reference]);
  if (result.code !== 0) return undefined;
  const [raw] = JSON.parse(result.stdout) as RawInspect[];
  return raw ? toInspected(raw) : undefined;
}

/** Every image carrying `label=value`. */
export async function imagesWithLabel(label: string, value: string): Promise<InspectedImage[]> {
  const ids = (await dockerOrThrow(['image', 'ls', '--no-trunc', '--quiet', '--filter', `label=${label}=${value}`]))
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) return [];
  const raws = JSON.parse(await dockerOrThrow(['image', 'inspect', ...new Set(ids)])) as RawInspect[];
  return raws.map(toInspected);
}

export async function tagImage(source: string, target: string): Promise<void> {
  await dockerOrThrow(['tag', source, target]);
}

export async function removeImage(reference: string): Promise<void> {
  await docker(['image', 'rm', reference], 120_000);
}
