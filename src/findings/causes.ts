/**
 * Why a cell did not do what the user meant, read off the cell: the request sent compared with
 * the intent, the microversion that took effect, Nova's answer. A table of rules, first match
 * wins; each names the cause (a key that groups cells), says what happened in words a reviewer
 * can act on, and cites the microversion change responsible. Nothing here knows a profile or a
 * commit by name: the same rules find the same kind of bug in any client. Pure.
 */
import { BAND_CITES, CITES, citeFault } from '../matrix/citations.js';
import type { ScenarioIntent } from '../matrix/definition.js';
import { compareMicroversions, mv } from '../microversion/version.js';
import { messageShape, type CellFacts } from './cell-facts.js';
import { codeSpan, plain } from './text.js';

export interface Cause {
  /** Groups cells with the same cause: `substituted:diskOverCommit>force`. */
  readonly key: string;
  /** What happened, as the end of a sentence: "Disk Over Commit arrives at Nova as `force: true`". */
  readonly what: string;
  /** A few words for titles and lists: "Disk Over Commit → `force: true`". */
  readonly short: string;
  /** The microversion change responsible, as a citation ("2.30 added force; …"); empty if none. */
  readonly change: string;
  /** The microversion the change happened at (`2.30`), or null. */
  readonly microversion: string | null;
}

/** The options of the form/CLI as the intent names them, the body key Nova reads, and the label users see. */
export const OPTIONS: readonly { readonly intent: keyof ScenarioIntent; readonly body: string; readonly label: string }[] = [
  { intent: 'diskOverCommit', body: 'disk_over_commit', label: 'Disk Over Commit' },
  { intent: 'blockMigration', body: 'block_migration', label: 'Block Migration' },
  { intent: 'force', body: 'force', label: 'Force' },
];

/** Citations of a body key that appears without being asked for. */
const KEY_CITES: Readonly<Record<string, { change: string; microversion: string }>> = {
  force: { change: CITES.mv2_30Force, microversion: '2.30' },
  disk_over_commit: { change: BAND_CITES['2.1'], microversion: '2.25' },
  block_migration: { change: BAND_CITES['2.1'], microversion: '2.25' },
};

const MV_2_30 = mv('2.30');

/** A message as a grouping key: this cell's names and every microversion as placeholders. */
function keyText(f: CellFacts, text: string): string {
  return f.shape(text).replace(/<max>|\d+\.\d+/g, 'V');
}
const code = (key: string, value: unknown): string => codeSpan(`${key}: ${JSON.stringify(value)}`);

interface Rule {
  readonly name: string;
  readonly match: (f: CellFacts) => Cause | null;
}

/** An option the user set is missing from the body and another key the user did not set is there instead. */
const substituted: Rule = {
  name: 'an option arrives as another',
  match(f) {
    if (!f.intent || !f.body || f.cell.outcome === 'pass') return null;
    const intent = f.intent;
    const unasked = OPTIONS.find((o) => f.body![o.body] === true && intent[o.intent] !== true);
    if (!unasked) return null;
    const lost = OPTIONS.find((o) => o !== unasked && intent[o.intent] === true && !(o.body in f.body!));
    const cite = KEY_CITES[unasked.body];
    return {
      key: `substituted:${lost?.intent ?? 'nothing'}>${unasked.body}`,
      what: lost ? `${lost.label} arrives at Nova as ${code(unasked.body, true)}` : `Nova receives ${code(unasked.body, true)}, which the user did not ask for`,
      short: lost ? `${lost.label} → ${code(unasked.body, true)}` : `unasked ${code(unasked.body, true)}`,
      change: cite?.change ?? '',
      microversion: cite?.microversion ?? null,
    };
  },
};

/** A named host the user wanted checked is forced because the request runs below 2.30. */
const hostForcedBelow230: Rule = {
  name: 'a named host forced below 2.30',
  match(f) {
    if (f.cell.outcome !== 'drift' || f.hostKind !== 'named' || f.intent?.force === true || !f.body || 'force' in f.body) return null;
    if (!f.effective || !f.targetMax || compareMicroversions(f.effective, MV_2_30) >= 0 || compareMicroversions(f.targetMax, MV_2_30) < 0) return null;
    const how = f.requested === null ? 'the request carries no microversion, so Nova runs it at 2.1 and' : `the request asks for ${f.requested}, below 2.30, so Nova`;
    return {
      key: `host-forced:${f.requested ?? 'none'}`,
      what: `${how} forces the named host past the scheduler`,
      short: `named host forced (${f.requested === null ? 'no microversion' : `asks ${f.requested}`})`,
      change: CITES.mv2_30,
      microversion: '2.30',
    };
  },
};

/**
 * The user left Block Migration alone (intent `default`) or asked Nova to choose (`auto`), and
 * the body carries a fixed value instead of "auto".
 */
const autoSentAsValue: Rule = {
  name: '"auto" sent as a fixed value',
  match(f) {
    const asked = f.intent?.blockMigration;
    if ((asked !== 'auto' && asked !== 'default') || !f.body || f.body['block_migration'] === 'auto') return null;
    const option = asked === 'default' ? 'Block Migration left alone' : `Block Migration ${codeSpan('"auto"')}`;
    return {
      key: `auto-as:${asked}:${JSON.stringify(f.body['block_migration'])}`,
      what: `${option} is sent as ${code('block_migration', f.body['block_migration'])}${asked === 'default' ? `, not ${codeSpan('"auto"')}` : ''}`,
      short: `${option} → ${code('block_migration', f.body['block_migration'])}`,
      change: CITES.mv2_25,
      microversion: '2.25',
    };
  },
};

const FIELD_FAULT = /Invalid input for field\/attribute ([\w-]+)|'([\w-]+)' was unexpected|'([\w-]+)' is a required property/;

/** Nova's schema refuses a field of the body at the microversion that took effect. */
const fieldRefused: Rule = {
  name: 'a field Nova does not accept at this microversion',
  match(f) {
    const m = f.fault && f.cell.response?.status === 400 ? FIELD_FAULT.exec(f.fault) : null;
    if (!m) return null;
    const field = (m[1] ?? m[2] ?? m[3])!;
    const at = f.cell.effectiveMicroversion ?? '2.1';
    const sent = f.body && field in f.body ? `sends ${code(field, f.body[field])}` : `leaves out ${codeSpan(field)}`;
    return {
      key: `field:${field}:${keyText(f, f.fault!)}`,
      what: `the request ${sent}, which Nova refuses at ${at}`,
      short: `${f.body && field in f.body ? code(field, f.body[field]) : `no ${codeSpan(field)}`} refused at ${at}`,
      change: citeFault(f.fault!) ?? '',
      microversion: null,
    };
  },
};

/** The client asks for a microversion above the server's maximum. */
const aboveMaximum: Rule = {
  name: 'a microversion above the maximum',
  match(f) {
    if (f.cell.response?.status !== 406) return null;
    return {
      key: `406:${f.requested ?? '?'}`,
      what: `the client pins microversion ${f.requested ?? '?'}, above this Nova's maximum: 406`,
      short: `pins ${f.requested ?? '?'}, above the maximum (406)`,
      change: citeFault(f.fault ?? '') ?? '',
      microversion: f.requested,
    };
  },
};

/** An option the user set is not sent at all (Nova no longer has it). */
const dropped: Rule = {
  name: 'an option dropped',
  match(f) {
    if (!f.intent || !f.body || f.cell.outcome !== 'degraded') return null;
    const intent = f.intent;
    const lost = OPTIONS.find((o) => intent[o.intent] === true && !(o.body in f.body!));
    if (!lost) return null;
    const cite = lost.intent === 'diskOverCommit' ? { change: CITES.mv2_25, microversion: '2.25' } : lost.intent === 'force' ? { change: CITES.mv2_68, microversion: '2.68' } : { change: '', microversion: null };
    return { key: `dropped:${lost.intent}`, what: `${lost.label} is not sent: Nova accepts the request without it`, short: `${lost.label} dropped`, ...cite };
  },
};

/** The client refused before sending. */
const refused: Rule = {
  name: 'the client refuses',
  match(f) {
    if (f.cell.outcome !== 'client-refused') return null;
    const message = messageShape(f.cell.refusal ?? f.cell.explanation);
    const short = message.length > 160 ? `${message.slice(0, 157)}…` : message;
    return {
      key: `refused:${keyText(f, message)}`,
      what: `the client refuses before sending: ${plain(short)}`,
      short: `refuses: ${plain(message.length > 60 ? `${message.slice(0, 59)}…` : message)}`,
      change: citeFault(message) ?? '',
      microversion: null,
    };
  },
};

/** Anything else: grouped by outcome and Nova's answer (or the explanation). */
const answered: Rule = {
  name: "Nova's answer",
  match(f) {
    const status = f.cell.response?.status;
    if (f.fault !== null && status !== undefined) {
      const short = f.fault.length > 120 ? `${f.fault.slice(0, 117)}…` : f.fault;
      return { key: `answer:${f.cell.outcome}:${status}:${keyText(f, f.fault)}`, what: `Nova answers ${status} ${codeSpan(short)}`, short: `${status} ${codeSpan(f.fault.length > 50 ? `${f.fault.slice(0, 49)}…` : f.fault)}`, change: citeFault(f.fault) ?? '', microversion: null };
    }
    const text = messageShape(f.cell.explanation);
    return { key: `explained:${f.cell.outcome}:${keyText(f, text)}`, what: plain(text), short: plain(text.length > 60 ? `${text.slice(0, 59)}…` : text), change: '', microversion: null };
  },
};

/** The rules in order; the first that matches names the cause. */
export const CAUSE_RULES: readonly Rule[] = [substituted, hostForcedBelow230, autoSentAsValue, fieldRefused, aboveMaximum, dropped, refused, answered];

/** The cause of a cell that did not do what the user meant. */
export function causeOf(facts: CellFacts): Cause {
  for (const rule of CAUSE_RULES) {
    const cause = rule.match(facts);
    if (cause) return cause;
  }
  /* c8 ignore next */
  throw new Error('unreachable: the last rule always matches');
}
