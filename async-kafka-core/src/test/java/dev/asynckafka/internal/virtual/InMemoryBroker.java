package dev.asynckafka.internal.virtual;

import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.network.HostResolver;
import dev.asynckafka.internal.network.Transport;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.ApiVersionsResponse;
import dev.asynckafka.internal.protocol.message.FetchRequest;
import dev.asynckafka.internal.protocol.message.FetchResponse;
import dev.asynckafka.internal.protocol.message.FindCoordinatorRequest;
import dev.asynckafka.internal.protocol.message.FindCoordinatorResponse;
import dev.asynckafka.internal.protocol.message.HeartbeatResponse;
import dev.asynckafka.internal.protocol.message.InitProducerIdResponse;
import dev.asynckafka.internal.protocol.message.JoinGroupRequest;
import dev.asynckafka.internal.protocol.message.JoinGroupResponse;
import dev.asynckafka.internal.protocol.message.LeaveGroupRequest;
import dev.asynckafka.internal.protocol.message.LeaveGroupResponse;
import dev.asynckafka.internal.protocol.message.ListOffsetsRequest;
import dev.asynckafka.internal.protocol.message.ListOffsetsResponse;
import dev.asynckafka.internal.protocol.message.MetadataRequest;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.protocol.message.OffsetCommitRequest;
import dev.asynckafka.internal.protocol.message.OffsetCommitResponse;
import dev.asynckafka.internal.protocol.message.OffsetFetchRequest;
import dev.asynckafka.internal.protocol.message.OffsetFetchResponse;
import dev.asynckafka.internal.protocol.message.ProduceRequest;
import dev.asynckafka.internal.protocol.message.ProduceResponse;
import dev.asynckafka.internal.protocol.message.RequestHeader;
import dev.asynckafka.internal.protocol.message.ResponseHeader;
import dev.asynckafka.internal.protocol.message.SyncGroupRequest;
import dev.asynckafka.internal.protocol.message.SyncGroupResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of scripted brokers reached over in-memory channels on a {@link VirtualLoop}: a {@link
 * Transport} for {@link dev.asynckafka.internal.ClientContext}. Broker {@code i} is {@code
 * broker-i:9092}; partition {@code p} of every topic is led by broker {@code p % brokers}; broker 0
 * coordinates every group and makes each joiner the leader of a group of one. Every API a producer
 * or a consumer uses has a healthy answer ({@link #healthyReply}); a Fetch is held for its max
 * wait, as a broker without new records does. A test replaces any answer with {@link #on(ApiKey,
 * Function)}: an answer now, one after a virtual delay, none at all, or a dropped connection. Every
 * request is recorded with the virtual time it arrived at. The log holds offsets, not records.
 */
public final class InMemoryBroker implements Transport {
    /** The port of every broker; brokers differ by host name. */
    public static final int PORT = 9092;

    /** A request as the broker received it. */
    public record Request(int nodeId, ApiKey key, short version, ApiMessage body, long atNanos) {
        /** The virtual time of arrival in milliseconds. */
        public long atMillis() {
            return TimeUnit.NANOSECONDS.toMillis(atNanos);
        }
    }

    /** What the broker does with one request. */
    public sealed interface Reply {}

    /** Answer with this message, after a virtual delay. */
    public record Answer(ApiMessage body, Duration delay) implements Reply {}

    /** Never answer (the client's request times out). */
    public record Silence() implements Reply {}

    /** Close the connection instead of answering. */
    public record Disconnect() implements Reply {}

    /** An answer now. */
    public static Reply answer(ApiMessage body) {
        return new Answer(body, Duration.ZERO);
    }

    /** An answer after a virtual delay. */
    public static Reply answer(ApiMessage body, Duration delay) {
        return new Answer(body, delay);
    }

    public static Reply silence() {
        return new Silence();
    }

    public static Reply disconnect() {
        return new Disconnect();
    }

    private final VirtualLoop vloop;
    private final int brokers;
    private final Map<String, Integer> topics = new LinkedHashMap<>();
    private final Map<ApiKey, Function<Request, Reply>> handlers = new EnumMap<>(ApiKey.class);
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Long> nextOffset = new HashMap<>();
    private final List<InMemoryChannel> open = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private int connections;
    private long producerId = 1000;
    private int generation;

    public InMemoryBroker(VirtualLoop vloop, int brokers) {
        this.vloop = vloop;
        this.brokers = brokers;
    }

    /** {@code bootstrap.servers} for the client. */
    public String bootstrap() {
        return "broker-0:" + PORT;
    }

    /** Adds a topic with the given number of partitions. */
    public InMemoryBroker topic(String name, int partitions) {
        topics.put(name, partitions);
        return this;
    }

    /** Replaces the broker's answer to one API. */
    public InMemoryBroker on(ApiKey key, Function<Request, Reply> handler) {
        handlers.put(key, handler);
        return this;
    }

    /** Every request received so far, ApiVersions included. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one API received so far. */
    public List<Request> requests(ApiKey key) {
        return requests.stream().filter(r -> r.key() == key).toList();
    }

    /** Errors the broker's own code (or a test's handler) threw, which would otherwise pass unseen. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** How many connections clients opened so far. */
    public int connections() {
        return connections;
    }

    /** How many connections are open now. */
    public int openConnections() {
        return open.size();
    }

    /** The healthy answer to a request, for handlers that script only some of them. */
    public ApiMessage healthy(Request r) {
        return switch (r.key()) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadata((MetadataRequest) r.body());
            case FIND_COORDINATOR -> findCoordinator((FindCoordinatorRequest) r.body());
            case INIT_PRODUCER_ID ->
                new InitProducerIdResponse().setProducerId(producerId++).setProducerEpoch((short) 0);
            case PRODUCE -> produce((ProduceRequest) r.body());
            case LIST_OFFSETS -> listOffsets((ListOffsetsRequest) r.body());
            case FETCH -> emptyFetch((FetchRequest) r.body());
            case JOIN_GROUP -> join((JoinGroupRequest) r.body());
            case SYNC_GROUP -> sync((SyncGroupRequest) r.body());
            case HEARTBEAT -> new HeartbeatResponse();
            case LEAVE_GROUP -> leave((LeaveGroupRequest) r.body());
            case OFFSET_FETCH -> noCommittedOffsets((OffsetFetchRequest) r.body());
            case OFFSET_COMMIT -> commitAll((OffsetCommitRequest) r.body());
            default -> throw new IllegalStateException("no healthy answer scripted for " + r.key());
        };
    }

    /**
     * The healthy reply: {@link #healthy} at once, except a Fetch, which a broker without new
     * records holds for the request's {@code max.wait.ms}.
     */
    public Reply healthyReply(Request r) {
        if (r.body() instanceof FetchRequest fetch) {
            return answer(emptyFetch(fetch), Duration.ofMillis(fetch.maxWaitMs()));
        }
        return answer(healthy(r));
    }

    /** The generation of the group as the last JoinGroup answer gave it. */
    public int generation() {
        return generation;
    }

    // ------------------------------------------------------------------ transport

    @Override
    public HostResolver newResolver(EventLoop loop) {
        return new HostResolver() {
            @Override
            public CompletableFuture<List<InetAddress>> resolveAll(String host) {
                try {
                    return CompletableFuture.completedFuture(
                            List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
                } catch (UnknownHostException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public ChannelFuture connect(
            EventLoop loop, InetSocketAddress address, int connectTimeoutMillis, ChannelInitializer<Channel> init) {
        String host = address.getHostString();
        if (!host.startsWith("broker-") || address.getPort() != PORT) {
            throw new IllegalArgumentException("no such broker: " + address);
        }
        int nodeId = Integer.parseInt(host.substring("broker-".length()));
        Connection c = new Connection(nodeId);
        InMemoryChannel ch = new InMemoryChannel(address, c::onBytes, () -> open.remove(c.channel));
        c.channel = ch;
        ch.pipeline().addLast(init);
        connections++;
        open.add(ch);
        // Connected in a later task, as a socket is: the caller adds its listeners first.
        ChannelPromise connected = ch.newPromise();
        loop.execute(() -> {
            loop.register(ch);
            ch.connect(address, connected);
        });
        return connected;
    }

    /** One client connection: splits what the client writes into frames and answers each. */
    private final class Connection {
        private final int nodeId;
        private @Nullable InMemoryChannel channel;
        private ByteBuf pending = Unpooled.EMPTY_BUFFER;

        Connection(int nodeId) {
            this.nodeId = nodeId;
        }

        void onBytes(ByteBuf bytes) {
            try {
                split(bytes);
            } catch (RuntimeException | AssertionError e) {
                // Thrown from here it would only close the channel; the test must hear of it.
                failures.add(e);
                throw e;
            }
        }

        private void split(ByteBuf bytes) {
            pending = pending.isReadable() ? Unpooled.wrappedBuffer(pending, bytes) : bytes;
            while (pending.readableBytes() >= 4
                    && pending.readableBytes() >= 4 + pending.getInt(pending.readerIndex())) {
                int size = pending.readInt();
                ByteBuf frame = Unpooled.buffer(size);
                pending.readBytes(frame, size);
                onFrame(frame);
            }
            if (!pending.isReadable()) {
                pending.release();
                pending = Unpooled.EMPTY_BUFFER;
            }
        }

        private void onFrame(ByteBuf frame) {
            ApiKey key = ApiKey.forId(frame.getShort(0));
            short version = frame.getShort(2);
            RequestHeader header = RequestHeader.read(frame, key.requestHeaderVersion(version));
            ApiMessage body = key.readRequest(frame, version);
            Request r = new Request(nodeId, key, version, body, vloop.nanoTime());
            requests.add(r);
            Function<Request, Reply> handler = handlers.get(key);
            Reply reply = handler == null ? healthyReply(r) : handler.apply(r);
            InMemoryChannel ch = channel;
            if (reply instanceof Disconnect) {
                ch.eventLoop().execute(ch::close);
            } else if (reply instanceof Answer a) {
                ByteBuf out = encode(key, version, header.correlationId(), a.body());
                Runnable deliver = () -> {
                    if (ch.isOpen()) {
                        ch.pipeline().fireChannelRead(out);
                        ch.pipeline().fireChannelReadComplete();
                    } else {
                        out.release();
                    }
                };
                if (a.delay().isZero()) {
                    ch.eventLoop().execute(deliver);
                } else {
                    ch.eventLoop().schedule(deliver, a.delay().toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private static ByteBuf encode(ApiKey key, short version, int correlationId, ApiMessage body) {
        short headerVersion = key.responseHeaderVersion(version);
        ResponseHeader header = new ResponseHeader().setCorrelationId(correlationId);
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(header.size(headerVersion) + body.size(version));
        header.write(buf, headerVersion);
        body.write(buf, version);
        return buf;
    }

    // ------------------------------------------------------------------ healthy answers

    private static ApiVersionsResponse apiVersions() {
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey k : ApiKey.values()) {
            keys.add(new ApiVersionsResponse.ApiVersion()
                    .setApiKey(k.id())
                    .setMinVersion(k.oldestVersion())
                    .setMaxVersion(k.latestVersion()));
        }
        return new ApiVersionsResponse().setApiKeys(keys);
    }

    /** The topic id the cluster gives a topic. */
    public static Uuid topicId(String topic) {
        return new Uuid(0x1234L, topic.hashCode());
    }

    private MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.MetadataResponseBroker> nodes = new ArrayList<>();
        for (int id = 0; id < brokers; id++) {
            nodes.add(new MetadataResponse.MetadataResponseBroker()
                    .setNodeId(id)
                    .setHost("broker-" + id)
                    .setPort(PORT));
        }
        List<MetadataResponse.MetadataResponseTopic> ts = new ArrayList<>();
        for (Map.Entry<String, Integer> t : topics.entrySet()) {
            List<MetadataResponse.MetadataResponsePartition> partitions = new ArrayList<>();
            for (int p = 0; p < t.getValue(); p++) {
                int leader = p % brokers;
                partitions.add(new MetadataResponse.MetadataResponsePartition()
                        .setPartitionIndex(p)
                        .setLeaderId(leader)
                        .setLeaderEpoch(0)
                        .setReplicaNodes(List.of(leader))
                        .setIsrNodes(List.of(leader)));
            }
            ts.add(new MetadataResponse.MetadataResponseTopic()
                    .setName(t.getKey())
                    .setTopicId(topicId(t.getKey()))
                    .setPartitions(partitions));
        }
        if (request.topics() != null) {
            for (MetadataRequest.MetadataRequestTopic t : request.topics()) {
                if (t.name() != null && !topics.containsKey(t.name())) {
                    ts.add(new MetadataResponse.MetadataResponseTopic()
                            .setName(t.name())
                            .setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()));
                }
            }
        }
        return new MetadataResponse()
                .setClusterId("in-memory")
                .setControllerId(0)
                .setBrokers(nodes)
                .setTopics(ts);
    }

    private static FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request) {
        List<FindCoordinatorResponse.Coordinator> found = new ArrayList<>();
        for (String key : request.coordinatorKeys()) {
            found.add(new FindCoordinatorResponse.Coordinator()
                    .setKey(key)
                    .setNodeId(0)
                    .setHost("broker-0")
                    .setPort(PORT));
        }
        return new FindCoordinatorResponse()
                .setNodeId(0)
                .setHost("broker-0")
                .setPort(PORT)
                .setCoordinators(found);
    }

    /** Appends every batch: base offsets follow on per partition. */
    private ProduceResponse produce(ProduceRequest request) {
        List<ProduceResponse.TopicProduceResponse> out = new ArrayList<>();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            List<ProduceResponse.PartitionProduceResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                ByteBuf batch = p.records();
                int count = batch.getInt(batch.readerIndex() + 57);
                String key = t.name() + "-" + p.index();
                long base = nextOffset.getOrDefault(key, 0L);
                nextOffset.put(key, base + count);
                parts.add(new ProduceResponse.PartitionProduceResponse()
                        .setIndex(p.index())
                        .setBaseOffset(base));
            }
            out.add(new ProduceResponse.TopicProduceResponse()
                    .setName(t.name())
                    .setTopicId(t.topicId())
                    .setPartitionResponses(parts));
        }
        return new ProduceResponse().setResponses(out);
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        List<ListOffsetsResponse.ListOffsetsTopicResponse> out = new ArrayList<>();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            List<ListOffsetsResponse.ListOffsetsPartitionResponse> parts = new ArrayList<>();
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                long end = nextOffset.getOrDefault(t.name() + "-" + p.partitionIndex(), 0L);
                parts.add(new ListOffsetsResponse.ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex())
                        .setTimestamp(-1)
                        .setOffset(p.timestamp() == -2 ? 0 : end)
                        .setLeaderEpoch(0));
            }
            out.add(new ListOffsetsResponse.ListOffsetsTopicResponse()
                    .setName(t.name())
                    .setPartitions(parts));
        }
        return new ListOffsetsResponse().setTopics(out);
    }

    /** No new records for any partition asked for (the log holds no records, only offsets). */
    private FetchResponse emptyFetch(FetchRequest request) {
        List<FetchResponse.FetchableTopicResponse> out = new ArrayList<>();
        for (FetchRequest.FetchTopic t : request.topics()) {
            String name = t.topic() != null && !t.topic().isEmpty() ? t.topic() : nameOf(t.topicId());
            List<FetchResponse.PartitionData> parts = new ArrayList<>();
            for (FetchRequest.FetchPartition p : t.partitions()) {
                long end = nextOffset.getOrDefault(name + "-" + p.partition(), 0L);
                parts.add(new FetchResponse.PartitionData()
                        .setPartitionIndex(p.partition())
                        .setHighWatermark(end)
                        .setLastStableOffset(end)
                        .setLogStartOffset(0));
            }
            out.add(new FetchResponse.FetchableTopicResponse()
                    .setTopic(t.topic())
                    .setTopicId(t.topicId())
                    .setPartitions(parts));
        }
        return new FetchResponse().setResponses(out);
    }

    private String nameOf(Uuid id) {
        for (String t : topics.keySet()) {
            if (topicId(t).equals(id)) {
                return t;
            }
        }
        return "";
    }

    /** Every join makes the joiner the only member and the leader of a new generation. */
    private JoinGroupResponse join(JoinGroupRequest request) {
        JoinGroupRequest.JoinGroupRequestProtocol protocol = request.protocols().get(0);
        String memberId = request.memberId().isEmpty() ? "member-" + (generation + 1) : request.memberId();
        generation++;
        return new JoinGroupResponse()
                .setGenerationId(generation)
                .setProtocolType(request.protocolType())
                .setProtocolName(protocol.name())
                .setLeader(memberId)
                .setMemberId(memberId)
                .setMembers(List.of(new JoinGroupResponse.JoinGroupResponseMember()
                        .setMemberId(memberId)
                        .setGroupInstanceId(request.groupInstanceId())
                        .setMetadata(protocol.metadata())));
    }

    /** Gives the member the assignment its leader (itself) sent. */
    private static SyncGroupResponse sync(SyncGroupRequest request) {
        byte[] assignment = new byte[0];
        for (SyncGroupRequest.SyncGroupRequestAssignment a : request.assignments()) {
            if (a.memberId().equals(request.memberId())) {
                assignment = a.assignment();
            }
        }
        return new SyncGroupResponse()
                .setProtocolType(request.protocolType())
                .setProtocolName(request.protocolName())
                .setAssignment(assignment);
    }

    private static LeaveGroupResponse leave(LeaveGroupRequest request) {
        List<LeaveGroupResponse.MemberResponse> members = new ArrayList<>();
        for (LeaveGroupRequest.MemberIdentity m : request.members()) {
            members.add(new LeaveGroupResponse.MemberResponse()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()));
        }
        return new LeaveGroupResponse().setMembers(members);
    }

    private static OffsetFetchResponse noCommittedOffsets(OffsetFetchRequest request) {
        List<OffsetFetchResponse.OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (OffsetFetchRequest.OffsetFetchRequestGroup g : request.groups()) {
            List<OffsetFetchResponse.OffsetFetchResponseTopics> ts = new ArrayList<>();
            if (g.topics() != null) {
                for (OffsetFetchRequest.OffsetFetchRequestTopics t : g.topics()) {
                    List<OffsetFetchResponse.OffsetFetchResponsePartitions> parts = new ArrayList<>();
                    for (int p : t.partitionIndexes()) {
                        parts.add(new OffsetFetchResponse.OffsetFetchResponsePartitions()
                                .setPartitionIndex(p)
                                .setCommittedOffset(-1)
                                .setCommittedLeaderEpoch(-1));
                    }
                    ts.add(new OffsetFetchResponse.OffsetFetchResponseTopics()
                            .setName(t.name())
                            .setTopicId(t.topicId())
                            .setPartitions(parts));
                }
            }
            groups.add(new OffsetFetchResponse.OffsetFetchResponseGroup()
                    .setGroupId(g.groupId())
                    .setTopics(ts));
        }
        List<OffsetFetchResponse.OffsetFetchResponseTopic> topicsV7 = new ArrayList<>();
        if (request.topics() != null) {
            for (OffsetFetchRequest.OffsetFetchRequestTopic t : request.topics()) {
                List<OffsetFetchResponse.OffsetFetchResponsePartition> parts = new ArrayList<>();
                for (int p : t.partitionIndexes()) {
                    parts.add(new OffsetFetchResponse.OffsetFetchResponsePartition()
                            .setPartitionIndex(p)
                            .setCommittedOffset(-1)
                            .setCommittedLeaderEpoch(-1));
                }
                topicsV7.add(new OffsetFetchResponse.OffsetFetchResponseTopic()
                        .setName(t.name())
                        .setPartitions(parts));
            }
        }
        return new OffsetFetchResponse().setGroups(groups).setTopics(topicsV7);
    }

    private static OffsetCommitResponse commitAll(OffsetCommitRequest request) {
        List<OffsetCommitResponse.OffsetCommitResponseTopic> out = new ArrayList<>();
        for (OffsetCommitRequest.OffsetCommitRequestTopic t : request.topics()) {
            List<OffsetCommitResponse.OffsetCommitResponsePartition> parts = new ArrayList<>();
            for (OffsetCommitRequest.OffsetCommitRequestPartition p : t.partitions()) {
                parts.add(
                        new OffsetCommitResponse.OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex()));
            }
            out.add(new OffsetCommitResponse.OffsetCommitResponseTopic()
                    .setName(t.name())
                    .setTopicId(t.topicId())
                    .setPartitions(parts));
        }
        return new OffsetCommitResponse().setTopics(out);
    }

    /** A produce answer with one error for every partition of the request. */
    public static ProduceResponse produceError(ProduceRequest request, ErrorCode error) {
        List<ProduceResponse.TopicProduceResponse> out = new ArrayList<>();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            List<ProduceResponse.PartitionProduceResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                parts.add(new ProduceResponse.PartitionProduceResponse()
                        .setIndex(p.index())
                        .setErrorCode(error.code())
                        .setBaseOffset(-1));
            }
            out.add(new ProduceResponse.TopicProduceResponse()
                    .setName(t.name())
                    .setTopicId(t.topicId())
                    .setPartitionResponses(parts));
        }
        return new ProduceResponse().setResponses(out);
    }
}
