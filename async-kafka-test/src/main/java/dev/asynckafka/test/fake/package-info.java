/**
 * A scriptable fake Kafka broker for tests that need a broker to misbehave on purpose: answer with
 * an error, answer late, answer never, answer garbage or drop the connection.
 *
 * <p>{@link dev.asynckafka.test.fake.FakeKafkaBroker} speaks only the framing of the Kafka protocol
 * (size prefix, request header with API key, version and correlation id); what a response says is
 * up to the test, which encodes bodies with whatever message classes it has. Requests are matched
 * with {@link dev.asynckafka.test.fake.RequestMatcher} and answered by the first matching rule or
 * the fallback {@link dev.asynckafka.test.fake.RequestHandler}.
 */
@NullMarked
package dev.asynckafka.test.fake;

import org.jspecify.annotations.NullMarked;
