// What `@mizan/db/testing/global-setup` provides to every test file, typed for `inject`.
// The type import loads vitest's types, so the augmentation also compiles where nothing else imports vitest.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of a role that may CREATE and DROP databases (TEST_DATABASE_URL, or the embedded server's). */
    adminDatabaseUrl: string;
  }
}
