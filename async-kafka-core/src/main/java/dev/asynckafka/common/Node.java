package dev.asynckafka.common;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A broker of the cluster, as metadata describes it.
 *
 * @param id the broker id; bootstrap addresses, whose ids are not yet known, use negative ids
 * @param host the advertised host
 * @param port the advertised port
 * @param rack the broker's rack, if configured
 */
public record Node(int id, String host, int port, @Nullable String rack) {
    public Node {
        Objects.requireNonNull(host, "host");
    }

    /** The address in {@code host:port} form. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return "broker " + id + " (" + address() + (rack == null ? "" : ", rack " + rack) + ")";
    }
}
