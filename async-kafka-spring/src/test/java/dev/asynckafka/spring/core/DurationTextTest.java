package dev.asynckafka.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.convert.DurationStyle;

class DurationTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT-0.1S, -100ms",
        "PT0.1S, 100ms",
        "PT1.5S, 1500ms",
        "PT30S, 30s",
        "PT-30S, -30s",
        "PT5M, 5m",
        "PT2H, 2h",
        "PT48H, 2d",
        "PT0S, 0s",
        "PT0.000000001S, 1ns",
        "PT-1.0000001S, -1000000100ns",
    })
    void whenFormattedThenItReadsAsWrittenInYamlAndParsesBack(Duration duration, String expected) {
        assertThat(DurationText.format(duration)).isEqualTo(expected);
        assertThat(DurationStyle.SIMPLE.parse(expected)).isEqualTo(duration);
    }
}
