import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-registry.ts';
import * as m0003 from './0003-service-hall.ts';
import * as m0004 from './0004-resident-search.ts';
import * as m0005 from './0005-service-request-daily.ts';
import * as m0006 from './0006-request-board.ts';
import * as m0007 from './0007-files.ts';
import * as m0008 from './0008-grids.ts';
import * as m0009 from './0009-visits.ts';
import * as m0010 from './0010-events.ts';
import * as m0011 from './0011-grid-tasks.ts';
import * as m0012 from './0012-stars.ts';

/** Every migration in order. Append new ones; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-registry': m0002,
  '0003-service-hall': m0003,
  '0004-resident-search': m0004,
  '0005-service-request-daily': m0005,
  '0006-request-board': m0006,
  '0007-files': m0007,
  '0008-grids': m0008,
  '0009-visits': m0009,
  '0010-events': m0010,
  '0011-grid-tasks': m0011,
  '0012-stars': m0012,
};
