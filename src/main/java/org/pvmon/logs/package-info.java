/**
 * What the service writes to its log, whoever logs it (pvmon, Jetty, the database drivers, picocli): every message and
 * every exception trace goes through {@link org.pvmon.logs.MaskedMessage} and {@link org.pvmon.logs.MaskedThrowable}
 * (logback.xml), which mask anything shaped like a citizen ID number ({@link org.pvmon.registry.IdNumbers#maskInLog}).
 * The code masks at the source too; this is the net under it.
 */
package org.pvmon.logs;
