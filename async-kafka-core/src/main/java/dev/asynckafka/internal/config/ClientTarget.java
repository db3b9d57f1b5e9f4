package dev.asynckafka.internal.config;

import dev.asynckafka.ClientOptions;

/**
 * What the table's client-wide Kafka names change: the client options builder, and the security
 * settings that become its SASL and TLS options once every name is applied.
 */
public record ClientTarget(ClientOptions.Builder client, KafkaSecuritySettings security) {}
