import { v7 } from 'uuid';

/** A UUIDv7 made in the app (PostgreSQL 15 has no uuidv7()). */
export const newId = (): string => v7();

/** Request ids are UUIDv7 too, so they sort by time in logs. */
export const newRequestId = newId;
