/**
 * Ingest: MQTT (Paho v5, shared subscription, persistent sessions, manual acks) → validation → batches in
 * InfluxDB, with a local spool while InfluxDB is away. Public: {@link org.pvmon.ingest.Ingest}.
 */
package org.pvmon.ingest;
