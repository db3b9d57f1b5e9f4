package dev.asynckafka.spring.listener;

/**
 * An {@link AsyncKafkaListener} method declared in a way that cannot work: no topics, no consumer
 * group, an unsupported parameter or return type, an unresolvable placeholder, two listeners with
 * one id. Thrown while the application context starts; Spring Boot turns it into a startup failure
 * report (description and action) instead of a stack trace. The message names the method.
 */
public class InvalidAsyncKafkaListenerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, starting with the listener method it is about */
    public InvalidAsyncKafkaListenerException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, starting with the listener method it is about
     * @param cause the underlying error (for example a pattern syntax error)
     */
    public InvalidAsyncKafkaListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
