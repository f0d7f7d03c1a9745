/**
 * Ingest: MQTT 5 ({@code MqttSession}: shared subscription, persistent sessions, acknowledged once durable) →
 * validation → batches in InfluxDB, with a local spool while InfluxDB is away. Public: {@link org.pvmon.ingest.Ingest}.
 */
package org.pvmon.ingest;
