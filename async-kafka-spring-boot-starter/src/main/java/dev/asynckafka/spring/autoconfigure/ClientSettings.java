package dev.asynckafka.spring.autoconfigure;

import dev.asynckafka.ClientOptions;

/** What Kafka-named client properties change: the client options and the security settings. */
record ClientSettings(ClientOptions.Builder client, SecuritySettings security) {}
