/**
 * Shared pieces of the corpus generators: the case builder, header styles, value display.
 * Pure.
 */
import type { CaseGroup, ConformanceCase } from './case.js';

/** What the corpus needs to know about the world both sides were seeded with. */
export interface CorpusWorld {
  /** Seeded servers by template name (fixed UUIDs, equal in both worlds). */
  readonly seeded: Readonly<Record<string, string>>;
}

/** A value as JSON, shortened for case summaries. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

/** How a microversion is put into headers. */
export const HEADER_STYLES: ReadonlyArray<{ name: string; headers: (v: string) => Record<string, string> }> = [
  { name: 'legacy', headers: (v) => ({ 'x-openstack-nova-api-version': v }) },
  { name: 'new', headers: (v) => ({ 'openstack-api-version': `compute ${v}` }) },
  { name: 'both', headers: (v) => ({ 'openstack-api-version': `compute ${v}`, 'x-openstack-nova-api-version': v }) },
  { name: 'new beats legacy 2.25', headers: (v) => ({ 'openstack-api-version': `compute ${v}`, 'x-openstack-nova-api-version': '2.25' }) },
  { name: 'volume + legacy', headers: (v) => ({ 'openstack-api-version': 'volume 3.0', 'x-openstack-nova-api-version': v }) },
  { name: 'COMPUTE upper', headers: (v) => ({ 'openstack-api-version': `COMPUTE ${v}` }) },
  { name: 'new list, last wins', headers: (v) => ({ 'openstack-api-version': `compute 2.3, compute ${v}` }) },
  { name: 'new list, volume last', headers: (v) => ({ 'openstack-api-version': `compute ${v}, volume 3.7` }) },
  { name: 'legacy list', headers: (v) => ({ 'x-openstack-nova-api-version': `2.1, ${v}` }) },
];

/** Collects cases and numbers them. */
export class Builder {
  readonly cases: ConformanceCase[] = [];
  add(group: CaseGroup, c: Omit<ConformanceCase, 'id' | 'group'>): void {
    this.cases.push({ id: `c${String(this.cases.length + 1).padStart(5, '0')}`, group, ...c });
  }
}

export const ACTION_PATH = '/v2.1/servers/{server}/action';
export const JSON_CT = { 'content-type': 'application/json' };

export function styleHeaders(style: string, version: string): Record<string, string> {
  const found = HEADER_STYLES.find((s) => s.name === style);
  if (!found) throw new Error(`unknown header style ${style}`);
  return found.headers(version);
}

