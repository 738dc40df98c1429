/**
 * `mvmatrix nova images [--release <names>] [--rebuild] [--refresh]`: the real-Nova images
 * (one per Debian suite that ships python3-nova). Without --release it lists the images on
 * this machine; with --release (`epoxy`, `trixie`, `zed,hibiscus`, `all`) it finds or builds
 * those first. Exit codes: 0 ok, 2 unknown release, 3 no Docker engine, not root for a build,
 * mirror unreachable or a failed build.
 */
import type { Command } from 'commander';
import { DEBIAN_NOVAS, selectDebianNovas } from '../../providers/real-nova/debian-releases.js';
import type { CliIo } from '../io.js';

interface ImagesFlags {
  release?: string;
  rebuild?: boolean;
  refresh?: boolean;
  json?: boolean;
}

async function images(flags: ImagesFlags, io: CliIo): Promise<void> {
  const wanted = flags.release === undefined ? [] : selectDebianNovas(flags.release, '--release');
  const { findOrBuildNovaImage, listNovaImages, formatAge, formatSize } = await import('../../providers/real-nova/images/index.js');
  const built = new Map<string, string>();
  // One at a time: a build keeps both cores of a small machine busy.
  for (const nova of wanted) {
    const found = await findOrBuildNovaImage(nova.suite, {
      rebuild: flags.rebuild === true,
      refresh: flags.refresh === true,
      onProgress: (line) => io.stderr(`${nova.suite}: ${line}\n`),
    });
    built.set(found.image.tag, found.built ? `built in ${Math.round(found.seconds)} s` : 'cached');
  }
  const list = await listNovaImages();
  if (flags.json) {
    io.stdout(`${JSON.stringify(list.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })), null, 2)}\n`);
    return;
  }
  if (list.length === 0) {
    io.stdout(`no real-Nova images on this machine; build one with: mvmatrix nova images --release <${DEBIAN_NOVAS.map((d) => d.release.name).join('|')}|all>\n`);
    return;
  }
  const now = Date.now();
  const rows = list.map((i) => [i.tag, i.release, i.novaVersion, formatSize(i.sizeBytes), formatAge((now - i.createdAt.getTime()) / 1000), built.get(i.tag) ?? (i.buildSeconds === null ? '' : `build took ${i.buildSeconds} s`)]);
  const header = ['IMAGE', 'RELEASE', 'NOVA', 'SIZE', 'AGE', ''];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const row of [header, ...rows]) io.stdout(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}\n`);
}

export function registerNova(program: Command, io: CliIo): Command {
  const nova = program.command('nova').description('Real Nova releases from Debian, in containers');
  nova
    .command('images')
    .description('List the real-Nova images on this machine; with --release, find or build them first (building needs root and Debian\'s mirror)')
    .option('--release <names>', `releases or Debian suites, comma-separated, or all (${DEBIAN_NOVAS.map((d) => `${d.release.name}/${d.suite}`).join(', ')})`)
    .option('--rebuild', 'build even when a current image exists')
    .option('--refresh', "read the mirror's package lists now (default: at most once a day)")
    .option('--json', 'print the list as JSON')
    .action(async (flags: ImagesFlags) => images(flags, io));
  return nova;
}
