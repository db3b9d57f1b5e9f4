package dev.asynckafka.errors;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every error code of the Kafka protocol (as of Apache Kafka 4.1), with whether it is retriable, a
 * short description of the condition and a factory for its exception type.
 *
 * <p>Response handling looks a code up with {@link #forCode(int)} or goes straight to an exception
 * with {@link #exceptionFor(int, String, String)}; the exception's message names the condition,
 * the caller's context (topic, partition, broker, group) and the broker's own message when it sent
 * one. Codes this client does not know become an {@link UnknownServerException} whose message
 * keeps the number.
 */
public enum ErrorCode {
    UNKNOWN_SERVER_ERROR(-1, false, "Unexpected server error", UnknownServerException::new),
    NONE(0, false, "No error", null),
    OFFSET_OUT_OF_RANGE(1, false, "Offset out of range", OffsetOutOfRangeException::new),
    CORRUPT_MESSAGE(2, true, "Corrupt record", CorruptRecordException::new),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "Unknown topic or partition", UnknownTopicOrPartitionException::new),
    INVALID_FETCH_SIZE(4, false, "Invalid fetch size", InvalidFetchSizeException::new),
    LEADER_NOT_AVAILABLE(5, true, "Leader not available", LeaderNotAvailableException::new),
    NOT_LEADER_OR_FOLLOWER(6, true, "Not leader or follower", NotLeaderOrFollowerException::new),
    REQUEST_TIMED_OUT(7, true, "Request timed out", TimeoutException::new),
    BROKER_NOT_AVAILABLE(8, false, "Broker not available", BrokerNotAvailableException::new),
    REPLICA_NOT_AVAILABLE(9, true, "Replica not available", ReplicaNotAvailableException::new),
    MESSAGE_TOO_LARGE(10, false, "Record too large", RecordTooLargeException::new),
    STALE_CONTROLLER_EPOCH(11, false, "Stale controller epoch", ControllerMovedException::new),
    OFFSET_METADATA_TOO_LARGE(12, false, "Offset metadata too large", OffsetMetadataTooLargeException::new),
    NETWORK_EXCEPTION(13, true, "Network error", NetworkException::new),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "Coordinator still loading", CoordinatorLoadInProgressException::new),
    COORDINATOR_NOT_AVAILABLE(15, true, "Coordinator not available", CoordinatorNotAvailableException::new),
    NOT_COORDINATOR(16, true, "Not the coordinator", NotCoordinatorException::new),
    INVALID_TOPIC_EXCEPTION(17, false, "Invalid topic", InvalidTopicException::new),
    RECORD_LIST_TOO_LARGE(18, false, "Record batch too large", RecordBatchTooLargeException::new),
    NOT_ENOUGH_REPLICAS(19, true, "Not enough in-sync replicas", NotEnoughReplicasException::new),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(
            20, true, "Not enough in-sync replicas after append", NotEnoughReplicasAfterAppendException::new),
    INVALID_REQUIRED_ACKS(21, false, "Invalid required acks", InvalidRequiredAcksException::new),
    ILLEGAL_GENERATION(22, false, "Illegal generation", IllegalGenerationException::new),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "Inconsistent group protocol", InconsistentGroupProtocolException::new),
    INVALID_GROUP_ID(24, false, "Invalid group id", InvalidGroupIdException::new),
    UNKNOWN_MEMBER_ID(25, false, "Unknown member id", UnknownMemberIdException::new),
    INVALID_SESSION_TIMEOUT(26, false, "Invalid session timeout", InvalidSessionTimeoutException::new),
    REBALANCE_IN_PROGRESS(27, false, "Rebalance in progress", RebalanceInProgressException::new),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "Invalid commit offset size", InvalidCommitOffsetSizeException::new),
    TOPIC_AUTHORIZATION_FAILED(29, false, "Not authorized to access topic", TopicAuthorizationException::new),
    GROUP_AUTHORIZATION_FAILED(30, false, "Not authorized to access group", GroupAuthorizationException::new),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "Not authorized for cluster operation", ClusterAuthorizationException::new),
    INVALID_TIMESTAMP(32, false, "Invalid timestamp", InvalidTimestampException::new),
    UNSUPPORTED_SASL_MECHANISM(33, false, "Unsupported SASL mechanism", UnsupportedSaslMechanismException::new),
    ILLEGAL_SASL_STATE(34, false, "Illegal SASL state", IllegalSaslStateException::new),
    UNSUPPORTED_VERSION(35, false, "Unsupported version", UnsupportedVersionException::new),
    TOPIC_ALREADY_EXISTS(36, false, "Topic already exists", TopicExistsException::new),
    INVALID_PARTITIONS(37, false, "Invalid partition count", InvalidPartitionsException::new),
    INVALID_REPLICATION_FACTOR(38, false, "Invalid replication factor", InvalidReplicationFactorException::new),
    INVALID_REPLICA_ASSIGNMENT(39, false, "Invalid replica assignment", InvalidReplicaAssignmentException::new),
    INVALID_CONFIG(40, false, "Invalid configuration", InvalidConfigurationException::new),
    NOT_CONTROLLER(41, true, "Not the controller", NotControllerException::new),
    INVALID_REQUEST(42, false, "Invalid request", InvalidRequestException::new),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(
            43, false, "Unsupported for message format", UnsupportedForMessageFormatException::new),
    POLICY_VIOLATION(44, false, "Policy violation", PolicyViolationException::new),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "Out-of-order sequence number", OutOfOrderSequenceException::new),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "Duplicate sequence number", DuplicateSequenceException::new),
    INVALID_PRODUCER_EPOCH(47, false, "Invalid producer epoch", InvalidProducerEpochException::new),
    INVALID_TXN_STATE(48, false, "Invalid transaction state", InvalidTxnStateException::new),
    INVALID_PRODUCER_ID_MAPPING(49, false, "Invalid producer id mapping", InvalidPidMappingException::new),
    INVALID_TRANSACTION_TIMEOUT(50, false, "Invalid transaction timeout", InvalidTxnTimeoutException::new),
    CONCURRENT_TRANSACTIONS(51, true, "Concurrent transactions", ConcurrentTransactionsException::new),
    TRANSACTION_COORDINATOR_FENCED(
            52, false, "Transaction coordinator fenced", TransactionCoordinatorFencedException::new),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(
            53, false, "Not authorized for transactional id", TransactionalIdAuthorizationException::new),
    SECURITY_DISABLED(54, false, "Security features disabled", SecurityDisabledException::new),
    OPERATION_NOT_ATTEMPTED(55, false, "Operation not attempted", OperationNotAttemptedException::new),
    KAFKA_STORAGE_ERROR(56, true, "Storage error", KafkaStorageException::new),
    LOG_DIR_NOT_FOUND(57, false, "Log directory not found", LogDirNotFoundException::new),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL authentication failed", SaslAuthenticationException::new),
    UNKNOWN_PRODUCER_ID(59, false, "Unknown producer id", UnknownProducerIdException::new),
    REASSIGNMENT_IN_PROGRESS(60, false, "Reassignment in progress", ReassignmentInProgressException::new),
    DELEGATION_TOKEN_AUTH_DISABLED(61, false, "Delegation tokens disabled", DelegationTokenDisabledException::new),
    DELEGATION_TOKEN_NOT_FOUND(62, false, "Delegation token not found", DelegationTokenNotFoundException::new),
    DELEGATION_TOKEN_OWNER_MISMATCH(
            63, false, "Delegation token owner mismatch", DelegationTokenOwnerMismatchException::new),
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(
            64, false, "Delegation token request not allowed", UnsupportedByAuthenticationException::new),
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(
            65, false, "Not authorized for delegation token", DelegationTokenAuthorizationException::new),
    DELEGATION_TOKEN_EXPIRED(66, false, "Delegation token expired", DelegationTokenExpiredException::new),
    INVALID_PRINCIPAL_TYPE(67, false, "Invalid principal type", InvalidPrincipalTypeException::new),
    NON_EMPTY_GROUP(68, false, "Group not empty", GroupNotEmptyException::new),
    GROUP_ID_NOT_FOUND(69, false, "Group not found", GroupIdNotFoundException::new),
    FETCH_SESSION_ID_NOT_FOUND(70, true, "Fetch session not found", FetchSessionIdNotFoundException::new),
    INVALID_FETCH_SESSION_EPOCH(71, true, "Invalid fetch session epoch", InvalidFetchSessionEpochException::new),
    LISTENER_NOT_FOUND(72, true, "Listener not found", ListenerNotFoundException::new),
    TOPIC_DELETION_DISABLED(73, false, "Topic deletion disabled", TopicDeletionDisabledException::new),
    FENCED_LEADER_EPOCH(74, true, "Fenced leader epoch", FencedLeaderEpochException::new),
    UNKNOWN_LEADER_EPOCH(75, true, "Unknown leader epoch", UnknownLeaderEpochException::new),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "Unsupported compression type", UnsupportedCompressionTypeException::new),
    STALE_BROKER_EPOCH(77, false, "Stale broker epoch", StaleBrokerEpochException::new),
    OFFSET_NOT_AVAILABLE(78, true, "Offset not available", OffsetNotAvailableException::new),
    MEMBER_ID_REQUIRED(79, false, "Member id required", MemberIdRequiredException::new),
    PREFERRED_LEADER_NOT_AVAILABLE(
            80, true, "Preferred leader not available", PreferredLeaderNotAvailableException::new),
    GROUP_MAX_SIZE_REACHED(81, false, "Group size limit reached", GroupMaxSizeReachedException::new),
    FENCED_INSTANCE_ID(82, false, "Fenced static member", FencedInstanceIdException::new),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(
            83, true, "Eligible leaders not available", EligibleLeadersNotAvailableException::new),
    ELECTION_NOT_NEEDED(84, true, "Election not needed", ElectionNotNeededException::new),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "No reassignment in progress", NoReassignmentInProgressException::new),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "Group subscribed to topic", GroupSubscribedToTopicException::new),
    INVALID_RECORD(87, false, "Invalid record", InvalidRecordException::new),
    UNSTABLE_OFFSET_COMMIT(88, true, "Unstable offset commit", UnstableOffsetCommitException::new),
    THROTTLING_QUOTA_EXCEEDED(89, true, "Throttling quota exceeded", ThrottlingQuotaExceededException::new),
    PRODUCER_FENCED(90, false, "Producer fenced", ProducerFencedException::new),
    RESOURCE_NOT_FOUND(91, false, "Resource not found", ResourceNotFoundException::new),
    DUPLICATE_RESOURCE(92, false, "Duplicate resource", DuplicateResourceException::new),
    UNACCEPTABLE_CREDENTIAL(93, false, "Unacceptable credential", UnacceptableCredentialException::new),
    INCONSISTENT_VOTER_SET(94, false, "Inconsistent voter set", InconsistentVoterSetException::new),
    INVALID_UPDATE_VERSION(95, false, "Invalid update version", InvalidUpdateVersionException::new),
    FEATURE_UPDATE_FAILED(96, false, "Feature update failed", FeatureUpdateFailedException::new),
    PRINCIPAL_DESERIALIZATION_FAILURE(
            97, false, "Principal deserialization failed", PrincipalDeserializationException::new),
    SNAPSHOT_NOT_FOUND(98, false, "Snapshot not found", SnapshotNotFoundException::new),
    POSITION_OUT_OF_RANGE(99, false, "Position out of range", PositionOutOfRangeException::new),
    UNKNOWN_TOPIC_ID(100, true, "Unknown topic id", UnknownTopicIdException::new),
    DUPLICATE_BROKER_REGISTRATION(
            101, false, "Duplicate broker registration", DuplicateBrokerRegistrationException::new),
    BROKER_ID_NOT_REGISTERED(102, false, "Broker id not registered", BrokerIdNotRegisteredException::new),
    INCONSISTENT_TOPIC_ID(103, true, "Inconsistent topic id", InconsistentTopicIdException::new),
    INCONSISTENT_CLUSTER_ID(104, false, "Inconsistent cluster id", InconsistentClusterIdException::new),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "Transactional id not found", TransactionalIdNotFoundException::new),
    FETCH_SESSION_TOPIC_ID_ERROR(106, true, "Fetch session topic id error", FetchSessionTopicIdException::new),
    INELIGIBLE_REPLICA(107, false, "Ineligible replica", IneligibleReplicaException::new),
    NEW_LEADER_ELECTED(108, false, "New leader elected", NewLeaderElectedException::new),
    OFFSET_MOVED_TO_TIERED_STORAGE(
            109, false, "Offset moved to tiered storage", OffsetMovedToTieredStorageException::new),
    FENCED_MEMBER_EPOCH(110, false, "Fenced member epoch", FencedMemberEpochException::new),
    UNRELEASED_INSTANCE_ID(111, false, "Unreleased instance id", UnreleasedInstanceIdException::new),
    UNSUPPORTED_ASSIGNOR(112, false, "Unsupported assignor", UnsupportedAssignorException::new),
    STALE_MEMBER_EPOCH(113, false, "Stale member epoch", StaleMemberEpochException::new),
    MISMATCHED_ENDPOINT_TYPE(114, false, "Mismatched endpoint type", MismatchedEndpointTypeException::new),
    UNSUPPORTED_ENDPOINT_TYPE(115, false, "Unsupported endpoint type", UnsupportedEndpointTypeException::new),
    UNKNOWN_CONTROLLER_ID(116, false, "Unknown controller id", UnknownControllerIdException::new),
    UNKNOWN_SUBSCRIPTION_ID(117, false, "Unknown telemetry subscription", UnknownSubscriptionIdException::new),
    TELEMETRY_TOO_LARGE(118, false, "Telemetry payload too large", TelemetryTooLargeException::new),
    INVALID_REGISTRATION(119, false, "Invalid registration", InvalidRegistrationException::new),
    TRANSACTION_ABORTABLE(120, false, "Transaction must be aborted", TransactionAbortableException::new),
    INVALID_RECORD_STATE(121, false, "Invalid record state", InvalidRecordStateException::new),
    SHARE_SESSION_NOT_FOUND(122, true, "Share session not found", ShareSessionNotFoundException::new),
    INVALID_SHARE_SESSION_EPOCH(123, true, "Invalid share session epoch", InvalidShareSessionEpochException::new),
    FENCED_STATE_EPOCH(124, false, "Fenced state epoch", FencedStateEpochException::new),
    INVALID_VOTER_KEY(125, false, "Invalid voter key", InvalidVoterKeyException::new),
    DUPLICATE_VOTER(126, false, "Duplicate voter", DuplicateVoterException::new),
    VOTER_NOT_FOUND(127, false, "Voter not found", VoterNotFoundException::new),
    INVALID_REGULAR_EXPRESSION(128, false, "Invalid regular expression", InvalidRegularExpressionException::new),
    REBOOTSTRAP_REQUIRED(129, false, "Rebootstrap required", RebootstrapRequiredException::new),
    STREAMS_INVALID_TOPOLOGY(130, false, "Invalid Streams topology", StreamsInvalidTopologyException::new),
    STREAMS_INVALID_TOPOLOGY_EPOCH(
            131, false, "Invalid Streams topology epoch", StreamsInvalidTopologyEpochException::new),
    STREAMS_TOPOLOGY_FENCED(132, false, "Streams topology fenced", StreamsTopologyFencedException::new),
    SHARE_SESSION_LIMIT_REACHED(133, true, "Share session limit reached", ShareSessionLimitReachedException::new);

    private static final int MIN_CODE = -1;

    /** Lookup table: the constant for code {@code c} is at index {@code c - MIN_CODE}; gaps hold null. */
    private static final @Nullable ErrorCode[] BY_CODE = buildTable();

    private final short code;
    private final boolean retriable;
    private final String description;
    private final @Nullable Function<String, ? extends KafkaException> factory;

    ErrorCode(
            int code,
            boolean retriable,
            String description,
            @Nullable Function<String, ? extends KafkaException> factory) {
        this.code = (short) code;
        this.retriable = retriable;
        this.description = description;
        this.factory = factory;
    }

    private static @Nullable ErrorCode[] buildTable() {
        int max = MIN_CODE;
        for (ErrorCode error : values()) {
            if (error.code < MIN_CODE) {
                throw new IllegalStateException("error code below " + MIN_CODE + ": " + error);
            }
            max = Math.max(max, error.code);
        }
        @Nullable ErrorCode[] table = new ErrorCode[max - MIN_CODE + 1];
        for (ErrorCode error : values()) {
            int index = error.code - MIN_CODE;
            if (table[index] != null) {
                throw new IllegalStateException("duplicate error code " + error.code + ": " + error);
            }
            table[index] = error;
        }
        return table;
    }

    /** The numeric code on the wire. */
    public short code() {
        return code;
    }

    /** Whether the failed operation may succeed if tried again. */
    public boolean isRetriable() {
        return retriable;
    }

    /** A short description of the condition, such as "Not leader or follower". */
    public String description() {
        return description;
    }

    /** Whether {@code code} is an error code this client knows. */
    public static boolean isKnown(int code) {
        return lookup(code) != null;
    }

    /**
     * The constant for {@code code}, by table lookup; {@link #UNKNOWN_SERVER_ERROR} when the code is
     * not known (use {@link #exceptionFor(int, String)} to keep the number in the message).
     */
    public static ErrorCode forCode(int code) {
        ErrorCode error = lookup(code);
        return error != null ? error : UNKNOWN_SERVER_ERROR;
    }

    private static @Nullable ErrorCode lookup(int code) {
        int index = code - MIN_CODE;
        return index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
    }

    /**
     * Creates the exception for this error code. Its message names the condition and {@code
     * context}, for example "Not leader or follower for partition orders-3 on broker 2".
     *
     * @param context what failed: topic, partition, broker, group; may be empty
     * @throws IllegalStateException for {@link #NONE}, which is no error
     */
    public KafkaException exception(String context) {
        return exception(context, null);
    }

    /**
     * Creates the exception for this error code, appending the broker's own error message when it
     * sent one.
     *
     * @param context what failed: topic, partition, broker, group; may be empty
     * @param serverMessage the error message from the response, if any
     * @throws IllegalStateException for {@link #NONE}, which is no error
     */
    public KafkaException exception(String context, @Nullable String serverMessage) {
        Function<String, ? extends KafkaException> f = factory;
        if (f == null) {
            throw new IllegalStateException("Error code NONE (0) is not an error" + forContext(context));
        }
        String message = description + forContext(context) + " (" + name() + ", error code " + code + ")"
                + brokerSays(serverMessage);
        return f.apply(message).withErrorCode(this);
    }

    /**
     * Creates the exception for a numeric error code as found in a response. A code this client
     * does not know gives an {@link UnknownServerException} whose message keeps the number.
     *
     * @throws IllegalStateException for {@code 0}, which is no error
     */
    public static KafkaException exceptionFor(int code, String context) {
        return exceptionFor(code, context, null);
    }

    /**
     * Like {@link #exceptionFor(int, String)}, appending the broker's own error message when it
     * sent one.
     *
     * @throws IllegalStateException for {@code 0}, which is no error
     */
    public static KafkaException exceptionFor(int code, String context, @Nullable String serverMessage) {
        ErrorCode error = lookup(code);
        if (error != null) {
            return error.exception(context, serverMessage);
        }
        String message = "Unknown error code " + code + forContext(context) + brokerSays(serverMessage);
        return new UnknownServerException(message).withErrorCode(UNKNOWN_SERVER_ERROR);
    }

    private static String forContext(String context) {
        return context.isBlank() ? "" : " for " + context;
    }

    private static String brokerSays(@Nullable String serverMessage) {
        return serverMessage == null || serverMessage.isBlank() ? "" : "; broker message: " + serverMessage;
    }
}
