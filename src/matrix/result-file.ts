/**
 * `reports/matrix.json` on disk: the result document with one cell per line — compact enough
 * for a 20,000-cell matrix, still greppable and diffable line by line.
 */
import type { MatrixResult } from './result.js';

export function serializeMatrixResult(result: MatrixResult): string {
  const { cells, ...head } = result;
  const top = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  const lines = cells.map((cell) => JSON.stringify(cell));
  return `${top},\n "cells": [\n${lines.join(',\n')}\n ]\n}\n`;
}
