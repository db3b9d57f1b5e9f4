/**
 * async-kafka's client: producer, consumer and admin client over Kafka's wire protocol on Netty.
 *
 * <p>Only the API packages are exported. Everything under an {@code internal} package (connections,
 * metadata, the protocol messages, the record batch codec, the clients' state machines) is
 * implementation and may change in any release. Compression: gzip always, lz4 through lz4-java;
 * snappy and zstd need snappy-java and zstd-jni, optional modules that must be on the module path
 * (and resolved, e.g. with {@code --add-modules}) to be used.
 */
module dev.asynckafka.core {
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;
    requires org.lz4.java;
    requires org.slf4j;
    requires static transitive org.jspecify;
    requires static com.github.luben.zstd_jni;

    exports dev.asynckafka;
    exports dev.asynckafka.admin;
    exports dev.asynckafka.common;
    exports dev.asynckafka.consumer;
    exports dev.asynckafka.errors;
    exports dev.asynckafka.producer;
    exports dev.asynckafka.record;
    exports dev.asynckafka.security;
    exports dev.asynckafka.serialization;
}
