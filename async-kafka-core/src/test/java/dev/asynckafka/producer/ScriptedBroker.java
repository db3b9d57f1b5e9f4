package dev.asynckafka.producer;

import dev.asynckafka.common.Uuid;
import dev.asynckafka.errors.ErrorCode;
import dev.asynckafka.internal.network.FakeBrokerProtocol;
import dev.asynckafka.internal.protocol.ApiKey;
import dev.asynckafka.internal.protocol.ApiMessage;
import dev.asynckafka.internal.protocol.message.InitProducerIdRequest;
import dev.asynckafka.internal.protocol.message.InitProducerIdResponse;
import dev.asynckafka.internal.protocol.message.MetadataResponse;
import dev.asynckafka.internal.protocol.message.ProduceRequest;
import dev.asynckafka.internal.protocol.message.ProduceResponse;
import dev.asynckafka.test.fake.Exchange;
import dev.asynckafka.test.fake.FakeKafkaBroker;
import dev.asynckafka.test.fake.ReceivedRequest;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake broker leading one partition (or, with {@link #formCluster}, one of several brokers, each
 * leading one partition) that keeps a log and checks idempotent sequences and epochs the
 * way a broker does, and lets a test script faults into Produce answers: an error code instead of
 * an append, an append whose answer never comes, or a request held on the network until the test
 * releases it (then handled as if it arrived only now). Tests only; runs on the test kit's {@link FakeKafkaBroker}, one
 * thread per connection.
 */
final class ScriptedBroker implements AutoCloseable {
    static final String TOPIC = "t";

    /** What to do with one Produce request, decided by the test. */
    enum Fault {
        NONE,
        /** Append, but never answer (the client's request times out). */
        SWALLOW_RESPONSE,
        UNKNOWN_PRODUCER_ID,
        /** Forget the producer's sequence state before handling the request (as after log truncation). */
        LOSE_STATE,
        /**
         * Hold the request (and everything behind it on its connection) until {@link #release}, then
         * handle it: a network stall whose bytes arrive late.
         */
        STALL
    }

    interface Script {
        Fault onProduce(int produceRequestIndex);
    }

    /** One appended batch. */
    record Appended(long producerId, short epoch, int baseSequence, int count) {}

    /** One batch the broker answered with an error, and that error. */
    record Rejected(long producerId, short epoch, int baseSequence, int count, ErrorCode error) {}

    private final FakeKafkaBroker server;
    private final Script script;
    private final AtomicInteger produceRequests = new AtomicInteger();
    final AtomicInteger initProducerIdCalls = new AtomicInteger();
    final List<Appended> log = new CopyOnWriteArrayList<>();
    final List<Rejected> rejected = new CopyOnWriteArrayList<>();
    /** Requests held by {@link Fault#STALL} so far, and how many of them were handled after release. */
    final AtomicInteger stalled = new AtomicInteger();

    final AtomicInteger handledAfterStall = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Uuid topicId = new Uuid(0x1234_5678_9abcL, 0x0fed_cba9_8765L);
    /** The brokers of the cluster, by node id; broker i leads partition i. */
    private volatile List<ScriptedBroker> cluster = List.of(this);

    private int nodeId;
    private long stateProducerId = -1;
    private short stateEpoch = -1;
    private int nextSequence;

    ScriptedBroker(Script script) throws IOException {
        this.script = script;
        this.server = FakeKafkaBroker.start(this::serve);
    }

    /**
     * Makes the brokers one cluster: broker i has node id i and leads partition i of the topic,
     * whose log and sequence state it keeps.
     */
    static void formCluster(ScriptedBroker... brokers) {
        List<ScriptedBroker> members = List.of(brokers);
        for (int i = 0; i < brokers.length; i++) {
            synchronized (brokers[i]) {
                brokers[i].nodeId = i;
                brokers[i].cluster = members;
            }
        }
    }

    String bootstrap() {
        return server.bootstrapServers();
    }

    /** Lets every stalled request (and later ones that would stall) through. */
    void release() {
        release.countDown();
    }

    long recordsInLog() {
        return log.stream().mapToLong(Appended::count).sum();
    }

    private void serve(ReceivedRequest r, Exchange out) throws IOException {
        ApiKey key = ApiKey.forId(r.apiKey());
        if (key == ApiKey.API_VERSIONS) {
            FakeBrokerProtocol.answerApiVersions(r, out);
            return;
        }
        ApiMessage request = FakeBrokerProtocol.body(r);
        Fault fault = key == ApiKey.PRODUCE ? script.onProduce(produceRequests.getAndIncrement()) : Fault.NONE;
        boolean held = fault == Fault.STALL && release.getCount() > 0;
        if (held) {
            stalled.incrementAndGet();
            try {
                // Blocking here holds this connection's later requests too, as a stalled network does.
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.disconnect();
                return;
            }
        }
        ApiMessage response = handle(key, request, fault == Fault.STALL ? Fault.NONE : fault);
        if (held) {
            handledAfterStall.incrementAndGet();
        }
        if (response != null) {
            FakeBrokerProtocol.writeResponse(r, response, out);
        }
    }

    private synchronized ApiMessage handle(ApiKey key, ApiMessage request, Fault fault) {
        switch (key) {
            case METADATA:
                return metadata();
            case INIT_PRODUCER_ID:
                InitProducerIdRequest init = (InitProducerIdRequest) request;
                int call = initProducerIdCalls.incrementAndGet();
                // As a real broker does for a producer without transactional id: a fresh id, epoch 0.
                return new InitProducerIdResponse()
                        .setProducerId(1000L + call)
                        .setProducerEpoch((short) 0)
                        .setErrorCode(init.transactionalId() == null ? 0 : ErrorCode.INVALID_REQUEST.code());
            case PRODUCE:
                return produce((ProduceRequest) request, fault);
            default:
                throw new IllegalStateException("unexpected " + key);
        }
    }

    private MetadataResponse metadata() {
        List<ScriptedBroker> members = cluster;
        List<MetadataResponse.MetadataResponseBroker> brokers = new ArrayList<>();
        List<MetadataResponse.MetadataResponsePartition> partitions = new ArrayList<>();
        for (int id = 0; id < members.size(); id++) {
            brokers.add(new MetadataResponse.MetadataResponseBroker()
                    .setNodeId(id)
                    .setHost("127.0.0.1")
                    .setPort(members.get(id).server.port()));
            partitions.add(new MetadataResponse.MetadataResponsePartition()
                    .setPartitionIndex(id)
                    .setLeaderId(id)
                    .setLeaderEpoch(0)
                    .setReplicaNodes(List.of(id))
                    .setIsrNodes(List.of(id)));
        }
        return new MetadataResponse()
                .setClusterId("scripted")
                .setControllerId(0)
                .setBrokers(brokers)
                .setTopics(List.of(new MetadataResponse.MetadataResponseTopic()
                        .setName(TOPIC)
                        .setTopicId(topicId)
                        .setPartitions(partitions)));
    }

    private ProduceResponse produce(ProduceRequest request, Fault fault) {
        if (fault == Fault.LOSE_STATE) {
            stateProducerId = -1;
        }
        List<ProduceResponse.TopicProduceResponse> topics = new ArrayList<>();
        for (ProduceRequest.TopicProduceData t : request.topicData()) {
            List<ProduceResponse.PartitionProduceResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                ByteBuf batch = p.records();
                long pid = batch.getLong(batch.readerIndex() + 43);
                short epoch = batch.getShort(batch.readerIndex() + 51);
                int seq = batch.getInt(batch.readerIndex() + 53);
                int count = batch.getInt(batch.readerIndex() + 57);
                ErrorCode error = p.index() != nodeId
                        ? ErrorCode.NOT_LEADER_OR_FOLLOWER
                        : fault == Fault.UNKNOWN_PRODUCER_ID
                                ? ErrorCode.UNKNOWN_PRODUCER_ID
                                : check(pid, epoch, seq, count);
                long baseOffset = -1;
                if (error != ErrorCode.NONE) {
                    rejected.add(new Rejected(pid, epoch, seq, count, error));
                }
                if (error == ErrorCode.NONE) {
                    baseOffset = recordsInLog();
                    log.add(new Appended(pid, epoch, seq, count));
                    stateProducerId = pid;
                    stateEpoch = epoch;
                    nextSequence = seq + count;
                }
                parts.add(new ProduceResponse.PartitionProduceResponse()
                        .setIndex(p.index())
                        .setErrorCode(error.code())
                        .setBaseOffset(baseOffset));
            }
            topics.add(
                    new ProduceResponse.TopicProduceResponse().setName(t.name()).setPartitionResponses(parts));
        }
        return fault == Fault.SWALLOW_RESPONSE ? null : new ProduceResponse().setResponses(topics);
    }

    /** The broker's sequence check, reduced to one partition and the last batch. */
    private ErrorCode check(long pid, short epoch, int seq, int count) {
        if (pid == stateProducerId && epoch < stateEpoch) {
            // A batch of an epoch the producer has left behind on this partition: fenced.
            return ErrorCode.INVALID_PRODUCER_EPOCH;
        }
        if (pid != stateProducerId || epoch != stateEpoch) {
            return seq == 0 ? ErrorCode.NONE : ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
        }
        if (!log.isEmpty()) {
            Appended last = log.get(log.size() - 1);
            if (last.producerId() == pid
                    && last.epoch() == epoch
                    && last.baseSequence() == seq
                    && last.count() == count) {
                return ErrorCode.DUPLICATE_SEQUENCE_NUMBER;
            }
        }
        return seq == nextSequence ? ErrorCode.NONE : ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
    }

    @Override
    public void close() {
        server.close();
    }
}
