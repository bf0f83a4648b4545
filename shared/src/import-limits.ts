/**
 * Limits of the bulk import of buildings 批量导入楼栋, without zod: the mini-program checks a
 * picked file against them before sending it (api/org.ts builds its schemas on them).
 */

/** Largest spreadsheet accepted (2 MB: 2,000 rows of .xlsx are about 50 KB). */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** Data rows per import (beyond: split the file). */
export const IMPORT_MAX_ROWS = 2000;
/** Longest 小区 and 楼栋 names, in characters. */
export const ESTATE_NAME_MAX = 40;
export const BUILDING_NAME_MAX = 40;
/** Bounds of the optional counts 单元数 / 户数. */
export const UNITS_MAX = 99;
export const HOUSEHOLDS_MAX = 9999;
