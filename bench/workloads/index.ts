// The explicit workload registry: import a workload and list it here; nothing registers itself.
import type { Workload } from '../lib/types.ts';
import { httpHello } from './http-hello.ts';
import { sqliteInsert } from './sqlite-insert.ts';
import { residentSearch } from './resident-search.ts';
import { residentImport } from './resident-import.ts';
import { registryInsert } from './registry-insert.ts';
import { requestIntake } from './request-intake.ts';
import { requestBoard } from './request-board.ts';
import { requestFigures } from './request-figures.ts';
import { gridMap } from './grid-map.ts';
import { gridCoverage } from './grid-coverage.ts';
import { starStanding } from './star-standing.ts';
import { starBoard } from './star-board.ts';
import { lighthouseWorkload } from './lighthouse.ts';

/** Measured first in every run; targets of other workloads are ratios against these. */
export const baselines: readonly Workload[] = [httpHello, sqliteInsert];

/** Product workloads, run in this order after the baselines (select with --only). */
export const workloads: readonly Workload[] = [
  residentSearch,
  registryInsert,
  residentImport,
  requestIntake,
  requestBoard,
  requestFigures,
  gridMap,
  gridCoverage,
  starStanding,
  starBoard,
  lighthouseWorkload,
];
