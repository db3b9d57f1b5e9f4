package dev.asynckafka.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void parsesTheSpecForms() {
        assertThat(Versions.parse("3+")).isEqualTo(new Versions((short) 3, Short.MAX_VALUE));
        assertThat(Versions.parse("1-4")).isEqualTo(new Versions((short) 1, (short) 4));
        assertThat(Versions.parse("7")).isEqualTo(new Versions((short) 7, (short) 7));
        assertThat(Versions.parse("none").isEmpty()).isTrue();
        assertThat(Versions.parse(" 0+ ")).isEqualTo(Versions.ALL);
    }

    @Test
    void rejectsBadRanges() {
        assertThatThrownBy(() -> Versions.parse("4-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("1-")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsAndIntersects() {
        Versions v = Versions.parse("2-5");
        assertThat(v.contains(1)).isFalse();
        assertThat(v.contains(2)).isTrue();
        assertThat(v.contains(5)).isTrue();
        assertThat(v.contains(6)).isFalse();
        assertThat(v.intersect(Versions.parse("4+"))).isEqualTo(Versions.parse("4-5"));
        assertThat(v.intersect(Versions.parse("6+")).isEmpty()).isTrue();
        assertThat(Versions.parse("0+").containsAll(v)).isTrue();
        assertThat(v.containsAll(Versions.NONE)).isTrue();
        assertThat(Versions.NONE.contains(0)).isFalse();
    }

    @Test
    void printsLikeTheSpecs() {
        assertThat(Versions.parse("3+")).hasToString("3+");
        assertThat(Versions.parse("1-4")).hasToString("1-4");
        assertThat(Versions.parse("7")).hasToString("7");
        assertThat(Versions.NONE).hasToString("none");
    }
}
