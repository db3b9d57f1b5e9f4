package dev.asynckafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.internal.network.HostAndPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsMatchKafkaClients() {
        ClientOptions o =
                ClientOptions.builder().bootstrapServers("a:9092, b:9093").build();
        assertThat(o.bootstrapServers()).containsExactly("a:9092", "b:9093");
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.reconnectBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.connectionsMaxIdle()).isEqualTo(Duration.ofMinutes(9));
        assertThat(o.metadataMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.maxInFlightRequestsPerConnection()).isEqualTo(5);
        assertThat(o.clientDnsLookup()).isEqualTo(ClientOptions.ClientDnsLookup.USE_ALL_DNS_IPS);
    }

    @Test
    void invalidValuesNameTheSetting() {
        assertThatThrownBy(() -> ClientOptions.builder().build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(
                        () -> ClientOptions.builder().bootstrapServers("nohost").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("nohost");
        assertThatThrownBy(() ->
                        ClientOptions.builder().bootstrapServers("h:99999").build())
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ClientOptions.builder()
                        .bootstrapServers("h:1")
                        .requestTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("request.timeout.ms");
        assertThatThrownBy(() -> ClientOptions.builder()
                        .bootstrapServers("h:1")
                        .maxInFlightRequestsPerConnection(0)
                        .build())
                .hasMessageContaining("max.in.flight.requests.per.connection");
        assertThatThrownBy(() -> ClientOptions.builder()
                        .bootstrapServers("h:1")
                        .reconnectBackoff(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("reconnect.backoff.ms");
    }

    @Test
    void parsesIpv6AndRoundTripsThroughBuilder() {
        HostAndPort hp = HostAndPort.parse("[::1]:9092", "bootstrap.servers");
        assertThat(hp.host()).isEqualTo("::1");
        assertThat(hp.port()).isEqualTo(9092);
        assertThat(hp).hasToString("[::1]:9092");
        ClientOptions o =
                ClientOptions.builder().bootstrapServers("h:1").clientId("x").build();
        assertThat(o.toBuilder().build().clientId()).isEqualTo("x");
    }
}
