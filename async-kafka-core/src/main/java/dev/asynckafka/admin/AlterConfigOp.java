package dev.asynckafka.admin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of {@link AsyncKafkaAdmin#incrementalAlterConfigs(java.util.Map)}.
 *
 * @param name the setting's name
 * @param type what to do with it
 * @param value the value to set, append or subtract; {@code null} for {@link Type#DELETE}
 */
public record AlterConfigOp(
        String name, Type type, @Nullable String value) {
    /** The kinds of change, with their protocol codes. */
    public enum Type {
        /** Sets the value. */
        SET(0),
        /** Removes the override: the setting falls back to its default. */
        DELETE(1),
        /** Adds to a list setting. */
        APPEND(2),
        /** Removes from a list setting. */
        SUBTRACT(3);

        private final byte code;

        Type(int code) {
            this.code = (byte) code;
        }

        /** The code of this change in the protocol. */
        public byte code() {
            return code;
        }
    }

    public AlterConfigOp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type != Type.DELETE && value == null) {
            throw new IllegalArgumentException(type + " of " + name + " needs a value");
        }
    }

    /** Sets {@code name} to {@code value}. */
    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, Type.SET, value);
    }

    /** Removes the override of {@code name}. */
    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, Type.DELETE, null);
    }

    /** Appends {@code value} to the list setting {@code name}. */
    public static AlterConfigOp append(String name, String value) {
        return new AlterConfigOp(name, Type.APPEND, value);
    }

    /** Removes {@code value} from the list setting {@code name}. */
    public static AlterConfigOp subtract(String name, String value) {
        return new AlterConfigOp(name, Type.SUBTRACT, value);
    }
}
