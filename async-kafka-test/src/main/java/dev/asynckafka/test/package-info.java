/**
 * A real Apache Kafka broker or cluster (KRaft mode) running inside the current JVM.
 *
 * <p>{@link dev.asynckafka.test.EmbeddedKafkaCluster} is a plain Java API usable from tests, sample
 * applications and benchmarks; {@link dev.asynckafka.test.EmbeddedAsyncKafka} together with
 * {@link dev.asynckafka.test.EmbeddedKafkaExtension} starts one cluster per JUnit test class;
 * {@link dev.asynckafka.test.EmbeddedKafkaMain} runs a cluster as a standalone process.
 */
@NullMarked
package dev.asynckafka.test;

import org.jspecify.annotations.NullMarked;
