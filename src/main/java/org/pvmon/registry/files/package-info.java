/**
 * The registry as files, the way county and village officials keep it in Excel: import and export of villages, stations,
 * tariffs, households, posts, receipts and plans as CSV (UTF-8, BOM, Chinese headers) or XLSX, all read by one
 * streaming sheet reader ({@link org.pvmon.registry.files.Sheet}); a bad file is refused whole with every row/column
 * problem ({@link org.pvmon.registry.RegistryException}). {@link org.pvmon.registry.files.RegistryCsv} is the entry point
 * (the {@code import} command and the registry API's uploads).
 */
package org.pvmon.registry.files;
