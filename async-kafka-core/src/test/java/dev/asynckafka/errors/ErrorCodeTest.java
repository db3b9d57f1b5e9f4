package dev.asynckafka.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks {@link ErrorCode} against kafka-clients' {@link Errors}, which serves as the oracle. */
class ErrorCodeTest {

    /**
     * Error codes whose exception class is deliberately named differently from kafka-clients':
     * kafka-clients name -> our name. Every other code must use kafka-clients' simple name.
     */
    private static final Map<String, String> RENAMED = Map.of(
            // kafka-clients' class lacks the "Exception" suffix all its other exceptions carry.
            "OffsetMetadataTooLarge", "OffsetMetadataTooLargeException",
            // Same: kafka-clients' class lacks the "Exception" suffix.
            "InvalidRegularExpression", "InvalidRegularExpressionException");

    static Stream<Errors> kafkaErrors() {
        return Arrays.stream(Errors.values());
    }

    static Stream<Errors> kafkaErrorsExceptNone() {
        return kafkaErrors().filter(e -> e != Errors.NONE);
    }

    @ParameterizedTest
    @MethodSource("kafkaErrors")
    void everyKafkaErrorHasAnErrorCodeWithSameNameCodeAndRetriability(Errors kafka) {
        ErrorCode ours = ErrorCode.valueOf(kafka.name());
        assertThat(ours.code()).isEqualTo(kafka.code());
        assertThat(ErrorCode.forCode(kafka.code())).isSameAs(ours);
        assertThat(ErrorCode.isKnown(kafka.code())).isTrue();
        assertThat(ours.isRetriable())
                .as("retriability of %s", kafka)
                .isEqualTo(kafka.exception() instanceof org.apache.kafka.common.errors.RetriableException);
    }

    @Test
    void noExtraOrMissingCodes() {
        Set<String> kafkaNames = kafkaErrors().map(Errors::name).collect(Collectors.toSet());
        Set<String> ourNames =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::name).collect(Collectors.toSet());
        assertThat(ourNames).isEqualTo(kafkaNames);
        assertThat(ErrorCode.values()).hasSize(Errors.values().length);
    }

    @ParameterizedTest
    @MethodSource("kafkaErrorsExceptNone")
    void exceptionClassMatchesKafkaClientsOrIsListedAsRenamed(Errors kafka) {
        KafkaException ours = ErrorCode.valueOf(kafka.name()).exception("topic orders");
        String kafkaName = kafka.exception().getClass().getSimpleName();
        assertThat(ours.getClass().getSimpleName()).isEqualTo(RENAMED.getOrDefault(kafkaName, kafkaName));
    }

    @Test
    void everyRenamingIsUsed() {
        Set<String> kafkaNames = kafkaErrorsExceptNone()
                .map(e -> e.exception().getClass().getSimpleName())
                .collect(Collectors.toSet());
        assertThat(kafkaNames).containsAll(RENAMED.keySet());
    }

    @ParameterizedTest
    @MethodSource("kafkaErrorsExceptNone")
    void exceptionHierarchyFollowsKafkaClients(Errors kafka) {
        KafkaException ours = ErrorCode.valueOf(kafka.name()).exception("topic orders");
        Throwable theirs = kafka.exception();
        assertThat(ours instanceof RetriableException)
                .isEqualTo(theirs instanceof org.apache.kafka.common.errors.RetriableException);
        assertThat(ours instanceof AuthorizationException)
                .isEqualTo(theirs instanceof org.apache.kafka.common.errors.AuthorizationException);
        assertThat(ours instanceof AuthenticationException)
                .isEqualTo(theirs instanceof org.apache.kafka.common.errors.AuthenticationException);
        assertThat(ours instanceof InvalidMetadataException)
                .isEqualTo(theirs instanceof org.apache.kafka.common.errors.InvalidMetadataException);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void exceptionCarriesCodeRetriabilityContextAndServerMessage(ErrorCode code) {
        KafkaException e = code.exception("partition orders-3 on broker 2", "the broker's own words");
        assertThat(e.errorCode()).isSameAs(code);
        assertThat(e.isRetriable()).isEqualTo(code.isRetriable());
        assertThat(e.getMessage())
                .startsWith(code.description() + " for partition orders-3 on broker 2")
                .contains(code.name())
                .contains(Short.toString(code.code()))
                .endsWith("the broker's own words");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void messageReadsNaturally() {
        assertThat(ErrorCode.NOT_LEADER_OR_FOLLOWER
                        .exception("partition orders-3 on broker 2")
                        .getMessage())
                .isEqualTo("Not leader or follower for partition orders-3 on broker 2"
                        + " (NOT_LEADER_OR_FOLLOWER, error code 6)");
        assertThat(ErrorCode.REBALANCE_IN_PROGRESS
                        .exception("group payments", "The group is rebalancing")
                        .getMessage())
                .isEqualTo("Rebalance in progress for group payments (REBALANCE_IN_PROGRESS, error code 27);"
                        + " broker message: The group is rebalancing");
    }

    @Test
    void emptyContextAndBlankServerMessageAreLeftOut() {
        assertThat(ErrorCode.REQUEST_TIMED_OUT.exception("", " ").getMessage())
                .isEqualTo("Request timed out (REQUEST_TIMED_OUT, error code 7)");
    }

    @Test
    void typedExceptionsCanBeCaught() {
        assertThat(ErrorCode.exceptionFor(3, "topic orders")).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(ErrorCode.exceptionFor(6, "partition orders-3"))
                .isInstanceOf(NotLeaderOrFollowerException.class)
                .isInstanceOf(InvalidMetadataException.class);
        assertThat(ErrorCode.exceptionFor(7, "broker 1")).isInstanceOf(TimeoutException.class);
        assertThat(ErrorCode.exceptionFor(29, "topic orders"))
                .isInstanceOf(TopicAuthorizationException.class)
                .isInstanceOf(AuthorizationException.class);
        assertThat(ErrorCode.exceptionFor(58, "broker 1"))
                .isInstanceOf(SaslAuthenticationException.class)
                .isInstanceOf(AuthenticationException.class);
        assertThat(ErrorCode.exceptionFor(35, "ApiVersions")).isInstanceOf(UnsupportedVersionException.class);
        assertThat(ErrorCode.exceptionFor(40, "topic orders")).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void unknownCodesKeepTheNumberVisible() {
        KafkaException e = ErrorCode.exceptionFor(4242, "fetch from broker 2", "something new");
        assertThat(e).isInstanceOf(UnknownServerException.class);
        assertThat(e.errorCode()).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage())
                .isEqualTo("Unknown error code 4242 for fetch from broker 2; broker message: something new");
        assertThat(ErrorCode.exceptionFor(-7, "broker 1").getMessage()).contains("-7");
    }

    @Test
    void forCodeMapsUnknownCodesToUnknownServerError() {
        for (int code :
                new int[] {-2, 134, 4242, Short.MIN_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(ErrorCode.forCode(code)).as("code %d", code).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
            assertThat(ErrorCode.isKnown(code)).as("code %d", code).isFalse();
        }
    }

    @Test
    void noneIsNotAnError() {
        assertThat(ErrorCode.forCode(0)).isSameAs(ErrorCode.NONE);
        assertThatThrownBy(() -> ErrorCode.NONE.exception("topic orders"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic orders");
        assertThatThrownBy(() -> ErrorCode.NONE.exception("topic orders", "fine"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorCode.exceptionFor(0, "topic orders")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forCodeIsATableLookupIndexedByCode() throws ReflectiveOperationException {
        Field table = Arrays.stream(ErrorCode.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ErrorCode[].class)
                .filter(f -> !f.isSynthetic())
                .findFirst()
                .orElseThrow();
        table.setAccessible(true);
        ErrorCode[] byCode = (ErrorCode[]) table.get(null);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(byCode[code.code() + 1]).isSameAs(code);
        }
        // Kafka's codes are dense from -1, and the constants are declared in code order.
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.ordinal()).isEqualTo(code.code() + 1);
        }
    }

    @Test
    void clientSideExceptionsHaveNoErrorCode() {
        DisconnectException disconnect = new DisconnectException("connection to broker 1 closed");
        assertThat(disconnect).isInstanceOf(NetworkException.class);
        assertThat(disconnect.isRetriable()).isTrue();
        assertThat(disconnect.errorCode()).isNull();
        InvalidConfigurationException config = new InvalidConfigurationException("bad option", null);
        assertThat(config.isRetriable()).isFalse();
        assertThat(config.errorCode()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyExceptionClassHasBothConstructorsAndASerialVersionUid(ErrorCode code)
            throws ReflectiveOperationException {
        Class<? extends KafkaException> type = code.exception("x").getClass();
        Throwable cause = new IllegalArgumentException("cause");
        KafkaException withCause =
                type.getConstructor(String.class, Throwable.class).newInstance("m", cause);
        assertThat(withCause).hasMessage("m").hasCause(cause);
        assertThat(withCause.errorCode()).isNull();
        assertThat(type.getConstructor(String.class).newInstance("m")).hasMessage("m");
        Field uid = type.getDeclaredField("serialVersionUID");
        assertThat(Modifier.isStatic(uid.getModifiers())).isTrue();
        assertThat(uid.getType()).isEqualTo(long.class);
    }
}
