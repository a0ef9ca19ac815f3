type StartKey = Record<string, unknown> | undefined;
type Page = { readonly Items?: Record<string, unknown>[]; readonly LastEvaluatedKey?: StartKey };

/**
 * Every item of a paged read, following LastEvaluatedKey: DynamoDB answers at most 1 MB per page,
 * and reading one page silently hides the rest (a goal reached, a journey to end).
 */
export async function allPages(
  readPage: (start: StartKey) => Promise<Page>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: StartKey;
  do {
    const page = await readPage(start);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
