package dev.asynckafka.errors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown for {@link ErrorCode#FEATURE_UPDATE_FAILED}: the controller could not apply a feature
 * update.
 */
public class FeatureUpdateFailedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public FeatureUpdateFailedException(String message) {
        super(message);
    }

    public FeatureUpdateFailedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
