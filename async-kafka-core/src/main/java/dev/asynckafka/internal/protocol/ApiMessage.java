package dev.asynckafka.internal.protocol;

/** The body of a request or response of one Kafka API. */
public interface ApiMessage extends Message {
    /** The API this message belongs to. */
    ApiKey apiKey();
}
