/** Configuration: one immutable {@link org.pvmon.config.Config} read from a file plus {@code PVMON_*} environment variables, validated at start. */
package org.pvmon.config;
