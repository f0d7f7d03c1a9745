/**
 * The time-series store (InfluxDB): line-protocol writes through influxdb-client-java in v1 (1.x) or v2 (2.x/3.x)
 * mode, InfluxQL reads, and the schema of what pvmon stores (see docs/telemetry.md).
 */
package org.pvmon.store;
