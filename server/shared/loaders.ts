import DataLoader from "dataloader";

export interface LoaderOptions {
  cache: boolean;
}

/**
 * A per-request loader of records by id: one query per batch, results put back in key order,
 * null where no record has the key.
 */
export function loaderById<T>(
  fetch: (ids: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
  options?: LoaderOptions,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const byId = new Map((await fetch(ids)).map((row) => [idOf(row), row]));
    return ids.map((id) => byId.get(id) ?? null);
  }, options);
}

/** A per-request loader of the rows that belong to each parent id (one-to-many), in fetch order. */
export function loaderOfMany<T>(
  fetch: (parentIds: readonly string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
  options?: LoaderOptions,
): DataLoader<string, T[]> {
  return new DataLoader(async (parentIds) => {
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of await fetch(parentIds)) groups.get(parentOf(row))?.push(row);
    return parentIds.map((id) => groups.get(id) ?? []);
  }, options);
}

/** Loads a row that a foreign key guarantees; a missing one is a bug, reported as an internal error. */
export async function loadRequired<T>(
  loader: DataLoader<string, T | null>,
  id: string,
  what: string,
): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`dangling reference: ${what} ${id}`);
  return row;
}

/** Loads several rows by id, leaving out ids with no row. */
export async function loadExisting<T>(
  loader: DataLoader<string, T | null>,
  ids: readonly string[],
): Promise<T[]> {
  return (await loader.loadMany(ids)).filter(
    (row): row is T => row !== null && !(row instanceof Error),
  );
}
