package dev.asynckafka.test.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake broker's framing and rules, driven by a plain socket client. */
@Timeout(30)
class FakeKafkaBrokerTest {
    private static final short METADATA = 3;
    private static final short API_VERSIONS = 18;

    /** A client that writes request frames (header v1: key, version, correlation id, null client id). */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;

        Client(FakeKafkaBroker broker) throws IOException {
            socket = new Socket(broker.host(), broker.port());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
        }

        void send(short apiKey, short version, int correlationId, byte... body) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(4 + 10 + body.length);
            frame.putInt(10 + body.length).putShort(apiKey).putShort(version).putInt(correlationId);
            frame.putShort((short) -1).put(body);
            socket.getOutputStream().write(frame.array());
        }

        byte[] readFrame() throws IOException {
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return frame;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static RequestHandler echoKey() {
        return (r, exchange) -> exchange.reply(r, false, new byte[] {(byte) r.apiKey()});
    }

    @Test
    void recordsRequestHeaderFieldsAndAnswersWithTheCorrelationId() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start();
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA, 12)).thenRespond(echoKey());
            client.send(METADATA, (short) 12, 42, (byte) 7);

            assertThat(ByteBuffer.wrap(client.readFrame()))
                    .isEqualTo(ByteBuffer.wrap(new byte[] {0, 0, 0, 42, METADATA}));
            ReceivedRequest r = broker.requests().get(0);
            assertThat(r.apiKey()).isEqualTo(METADATA);
            assertThat(r.apiVersion()).isEqualTo((short) 12);
            assertThat(r.correlationId()).isEqualTo(42);
            assertThat(r.connection()).isEqualTo(1);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.frame()).hasSize(11).endsWith((byte) 7);
            assertThat(broker.requestCount()).isEqualTo(1);
            assertThat(broker.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void flexibleHeaderCarriesEmptyTaggedFields() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start((r, e) -> e.reply(r, true, new byte[] {9}));
                Client client = new Client(broker)) {
            client.send(METADATA, (short) 12, 5);
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 5, 0, 9);
        }
    }

    @Test
    void limitedRuleFallsThroughToTheNextOnceUsedUp() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start();
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA))
                    .times(2)
                    .thenRespond((r, e) -> e.reply(r, false, new byte[] {1}))
                    .when(RequestMatcher.apiKey(METADATA))
                    .thenRespond((r, e) -> e.reply(r, false, new byte[] {2}));
            for (int i = 0; i < 3; i++) {
                client.send(METADATA, (short) 0, i);
            }
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 0, 1);
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 1, 1);
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 2, 2);
        }
    }

    @Test
    void unmatchedRequestIsRecordedAndClosesTheConnectionOnly() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start()) {
            broker.when(RequestMatcher.apiKey(API_VERSIONS)).thenRespond(echoKey());
            try (Client first = new Client(broker)) {
                first.send(METADATA, (short) 0, 1);
                assertThatThrownBy(first::readFrame).isInstanceOf(EOFException.class);
            }
            try (Client second = new Client(broker)) {
                second.send(API_VERSIONS, (short) 3, 2);
                assertThat(second.readFrame()).containsExactly(0, 0, 0, 2, API_VERSIONS);
            }
            assertThat(broker.unmatchedRequests())
                    .extracting(ReceivedRequest::apiKey)
                    .containsExactly(METADATA);
            assertThat(broker.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void disconnectRuleClosesTheConnectionWithoutAnswer() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start(echoKey());
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA).and(RequestMatcher.onConnection(1)))
                    .thenDisconnect();
            client.send(METADATA, (short) 0, 1);
            assertThatThrownBy(client::readFrame).isInstanceOf(EOFException.class);
            assertThat(broker.unmatchedRequests()).isEmpty();
        }
    }

    @Test
    void ignoredRequestGetsNoAnswerButTheConnectionStaysUsable() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start(echoKey());
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA)).thenIgnore();
            client.send(METADATA, (short) 0, 1);
            client.send(API_VERSIONS, (short) 0, 2);
            // The only frame is the answer to the second request: the first got none.
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 2, API_VERSIONS);
        }
    }

    @Test
    void delayedAnswerStallsItsConnectionUntilWritten() throws Exception {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start(echoKey());
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA)).thenRespondAfter(Duration.ofMillis(50), (r, e) -> {
                e.reply(r, false, new byte[] {1});
            });
            client.send(METADATA, (short) 0, 1);
            client.send(API_VERSIONS, (short) 0, 2);
            // Requests of one connection are answered in order: the delayed one first.
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 1, 1);
            assertThat(client.readFrame()).containsExactly(0, 0, 0, 2, API_VERSIONS);
        }
    }

    @Test
    void rawBytesAreWrittenAsTheyAre() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start((r, e) -> e.writeRaw(new byte[] {0, 0, 0, 2, 7, 8}));
                Client client = new Client(broker)) {
            client.send(METADATA, (short) 0, 1);
            assertThat(client.readFrame()).containsExactly(7, 8);
        }
    }

    @Test
    void disconnectAllDropsOpenConnectionsAndKeepsAccepting() throws IOException {
        CountDownLatch read = new CountDownLatch(1);
        try (FakeKafkaBroker broker = FakeKafkaBroker.start(echoKey());
                Client client = new Client(broker)) {
            broker.when(RequestMatcher.apiKey(METADATA)).thenRespond((r, e) -> read.countDown());
            client.send(METADATA, (short) 0, 1);
            try {
                assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            broker.disconnectAll();
            assertThatThrownBy(client::readFrame).isInstanceOfAny(EOFException.class, SocketException.class);
            try (Client again = new Client(broker)) {
                again.send(API_VERSIONS, (short) 0, 3);
                assertThat(again.readFrame()).containsExactly(0, 0, 0, 3, API_VERSIONS);
            }
        }
    }

    @Test
    void timesMustBePositive() throws IOException {
        try (FakeKafkaBroker broker = FakeKafkaBroker.start()) {
            assertThatThrownBy(() -> broker.when(RequestMatcher.any()).times(0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
