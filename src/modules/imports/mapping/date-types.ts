export type ParsedDate = { date: string; yearUnknown?: boolean; lunar?: boolean };

/**
 * Stands in for the year of a birthday written without one (5月1日, --05-01): a leap year,
 * so 2月29日 is possible, and after 1900, so it passes the birthday range check.
 */
export const YEAR_UNKNOWN = 1904;
