package dev.asynckafka.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpecParserTest {
    private static final String SPEC = """
            // comment
            {
              "apiKey": 99, "type": "request", "listeners": ["broker", "controller"],
              "name": "FooRequest", "validVersions": "0-3", "flexibleVersions": "2+",
              "latestVersionUnstable": true,
              "fields": [
                { "name": "Topics", "type": "[]FooTopic", "versions": "0+", "nullableVersions": "1+",
                  "about": "ignored", "fields": [
                  { "name": "Name", "type": "string", "versions": "0+", "entityType": "topicName" }
                ]},
                { "name": "Limit", "type": "int32", "versions": "1+", "default": "0x7fffffff", "ignorable": true },
                { "name": "Client", "type": "string", "versions": "0+", "flexibleVersions": "none" },
                { "name": "Extra", "type": "Common", "versions": "2+", "taggedVersions": "2+", "tag": 0 }
              ],
              "commonStructs": [
                { "name": "Common", "versions": "0+", "fields": [
                  { "name": "X", "type": "int64", "versions": "0+", "default": -1 }
                ]}
              ]
            }
            """;

    @Test
    void parsesAllAttributes() {
        MessageSpec spec = SpecParser.parse(SPEC);
        assertThat(spec.name()).isEqualTo("FooRequest");
        assertThat(spec.apiKey()).isEqualTo(99);
        assertThat(spec.listeners()).containsExactly("broker", "controller");
        assertThat(spec.latestStableVersion()).isEqualTo((short) 2);
        assertThat(spec.fields()).hasSize(4);
        FieldSpec topics = spec.fields().get(0);
        assertThat(topics.type().structNameDeep()).isEqualTo("FooTopic");
        assertThat(topics.nullableVersions()).isEqualTo(Versions.parse("1+"));
        assertThat(topics.fields()).extracting(FieldSpec::name).containsExactly("Name");
        assertThat(spec.fields().get(1).defaultValue()).isEqualTo("0x7fffffff");
        assertThat(spec.fields().get(1).ignorable()).isTrue();
        assertThat(spec.fields().get(2).flexibleVersions()).isEqualTo(Versions.NONE);
        assertThat(spec.fields().get(3).tag()).isZero();
        assertThat(spec.commonStructs().get(0).fields().get(0).defaultValue()).isEqualTo("-1");
    }

    @Test
    void generatesCompilableLookingSource() {
        String source = MessageGenerator.generate(SpecParser.parse(SPEC));
        assertThat(source)
                .contains("public final class FooRequest implements ApiMessage")
                .contains("public static final class FooTopic implements Message")
                .contains("public static final class Common implements Message")
                .contains("this.limit = 2147483647;")
                .doesNotContain("ignored");
    }

    @Test
    void rejectsUnknownAttributes() {
        assertThatThrownBy(() -> SpecParser.parse(SPEC.replace("\"ignorable\"", "\"ignorabel\"")))
                .hasMessageContaining("ignorabel");
    }

    @Test
    void upperSnakeNames() {
        assertThat(Names.upperSnake("ListOffsets")).isEqualTo("LIST_OFFSETS");
        assertThat(Names.upperSnake("ApiVersions")).isEqualTo("API_VERSIONS");
        assertThat(Names.upperSnake("Fetch")).isEqualTo("FETCH");
    }
}
