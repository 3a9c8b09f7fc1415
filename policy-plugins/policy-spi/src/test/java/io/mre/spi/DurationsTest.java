package io.mre.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            500ms       | PT0.5S
            30s         | PT30S
            10m         | PT10M
            2h          | PT2H
            1d          | PT24H
            1h30m       | PT1H30M
            "1h 30m"    | PT1H30M
            "5 s"       | PT5S
            "  7s  "    | PT7S
            1m1m        | PT2M
            0           | PT0S
            0s          | PT0S
            PT10M       | PT10M
            pt1m30s     | PT1M30S
            P1DT2H      | PT26H
            """)
    void parse_acceptsPartsAndIso(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            soon        | must be a duration such as 500ms, 30s, 1h30m or PT10M, got 'soon'
            30          | must be a duration such as 500ms, 30s, 1h30m or PT10M, got '30'
            ""          | must be a duration such as 500ms, 30s, 1h30m or PT10M, got ''
            5sec        | must be a duration such as 500ms, 30s, 1h30m or PT10M, got '5sec'
            -5s         | must be a duration such as 500ms, 30s, 1h30m or PT10M, got '-5s'
            1.5s        | must be a duration such as 500ms, 30s, 1h30m or PT10M, got '1.5s'
            PTXS        | must be a duration such as 500ms, 30s, 1h30m or PT10M, got 'PTXS'
            PT-5S       | must not be negative, got 'PT-5S'
            3652501d    | must be at most 10000 years, got '3652501d'
            99999999999999999999s | must be at most 10000 years, got '99999999999999999999s'
            """)
    void parse_refusesWithTheForms(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void pluginSettings_readDurationsInTheSameGrammar() {
        PluginSettings settings = new PluginSettings("p", java.util.Map.of("a", "1h30m", "b", "30"));

        assertThat(settings.duration("a")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> settings.duration("b"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("p: setting 'b' must be a duration such as 500ms, 30s, 1h30m or PT10M, got '30'");
    }
}
