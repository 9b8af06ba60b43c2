const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs and forms: anything that is not a uuid can name no row, so it is a 404 before it reaches SQL. */
export const isUuid = (id: string | undefined | null): id is string => !!id && uuidShape.test(id);
