package dev.asynckafka.generator;

/** Accumulates indented Java source lines. */
final class CodeBuffer {
    private final StringBuilder sb = new StringBuilder();
    private int indent;

    /** Appends one line at the current indentation; an empty string appends a blank line. */
    CodeBuffer line(String text) {
        if (!text.isEmpty()) {
            sb.append("    ".repeat(indent)).append(text);
        }
        sb.append('\n');
        return this;
    }

    /** Appends a line ending in an opening brace and indents. */
    CodeBuffer open(String text) {
        line(text + " {");
        indent++;
        return this;
    }

    /** Outdents and appends a closing brace. */
    CodeBuffer close() {
        indent--;
        return line("}");
    }

    /** Outdents and appends a closing brace followed by more text, e.g. {@code } else {}. */
    CodeBuffer closeOpen(String text) {
        indent--;
        line("} " + text + " {");
        indent++;
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
