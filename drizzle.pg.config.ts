// The practice server's schema and its migrations (drizzle.config.ts is the SQLite file's).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/main/db/pg/schema.ts',
  out: './drizzle/pg',
});
