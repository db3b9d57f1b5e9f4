package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#LISTENER_NOT_FOUND}: the partition leader has no endpoint on the
 * listener this request arrived on.
 */
public class ListenerNotFoundException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public ListenerNotFoundException(String message) {
        super(message);
    }

    public ListenerNotFoundException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
