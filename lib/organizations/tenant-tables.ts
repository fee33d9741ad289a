import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable, getTableConfig, type PgColumn } from 'drizzle-orm/pg-core';
import * as schema from '@/db/schema';

export type TenantTable = { name: string; table: PgTable; columns: Record<string, PgColumn>; organizationColumn: PgColumn };

/**
 * Every table of the schema that holds an organization's rows, found from the
 * schema itself so a table added later is exported (and tested) without a
 * list to keep in sync: `organizations` by its id, the rest by organization_id.
 */
export function tenantTables(): TenantTable[] {
  const tables: TenantTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const columns = getTableColumns(value) as Record<string, PgColumn>;
    const name = getTableName(value);
    const organizationColumn = name === 'organizations' ? columns.id : columns.organizationId;
    if (organizationColumn) tables.push({ name, table: value, columns, organizationColumn });
  }
  return tables.sort((a, b) => a.name.localeCompare(b.name));
}

/** Column names as stored (the client maps camelCase to snake_case), for the CSV header and the README. */
export function columnInfo(table: PgTable) {
  return getTableConfig(table).columns.map((c) => ({ name: snakeCase(c.name), type: c.getSQLType(), notNull: c.notNull }));
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
