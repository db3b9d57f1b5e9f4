package dev.asynckafka.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void skipsLineAndBlockComments() {
        Object v = Json.parse("// header\n{ // after brace\n \"a\": /* inline */ 1, // trailing\n \"b\": 2\n}\n// end");
        assertThat(v).isEqualTo(Map.of("a", new BigDecimal("1"), "b", new BigDecimal("2")));
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        assertThat(Json.parse("\"http://x // y /* z */\"")).isEqualTo("http://x // y /* z */");
    }

    @Test
    void decodesEscapes() {
        assertThat(Json.parse("\"q\\\" b\\\\ s\\/ n\\n t\\t r\\r b\\b f\\f u\\u00e9\\u65e5\""))
                .isEqualTo("q\" b\\ s/ n\n t\t r\r b\b f\f u\u00e9\u65e5");
    }

    @Test
    void parsesNestingAndLiterals() {
        Object v = Json.parse("{\"x\": [1, -2.5, true, false, null, {\"y\": []}, {}], \"z\": \"\"}");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        assertThat(map.keySet()).containsExactly("x", "z");
        assertThat(map.get("x"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(
                        new BigDecimal("1"),
                        new BigDecimal("-2.5"),
                        Boolean.TRUE,
                        Boolean.FALSE,
                        Json.NullValue.INSTANCE,
                        Map.of("y", List.of()),
                        Map.of());
    }

    @Test
    void preservesKeyOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Json.parse("{\"c\": 1, \"a\": 2, \"b\": 3}");
        assertThat(map.keySet()).containsExactly("c", "a", "b");
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("[1] 2")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.parse("\"\\u12\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Json.parse("/* open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Json.parse("\n\n  nul")).hasMessageContaining("line 3");
    }
}
