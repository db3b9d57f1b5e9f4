package dev.asynckafka.internal.network;

import dev.asynckafka.errors.InvalidConfigurationException;

/**
 * A {@code host:port} address as written in {@code bootstrap.servers}; IPv6 hosts in brackets.
 *
 * @param host the host name or address literal, without brackets
 * @param port the TCP port
 */
public record HostAndPort(String host, int port) {

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @param setting the setting the text came from, named in the error
     * @throws InvalidConfigurationException if the text is not a valid address
     */
    public static HostAndPort parse(String text, String setting) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw bad(text, setting, "expected host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw bad(text, setting, "the host is empty");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(text, setting, "the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw bad(text, setting, "the port must be 1 to 65535");
        }
        return new HostAndPort(host, port);
    }

    private static InvalidConfigurationException bad(String text, String setting, String problem) {
        return new InvalidConfigurationException("Invalid value for " + setting + ": '" + text + "': " + problem);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
