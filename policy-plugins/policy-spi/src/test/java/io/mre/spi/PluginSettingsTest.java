package io.mre.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Required, defaulted and optional forms of every kind of setting, each failing with a message naming the key. */
class PluginSettingsTest {
    private final PluginSettings settings = new PluginSettings(
            "policy 'amount-cap'",
            Map.of(
                    "max",
                    10000.0,
                    "review",
                    "5000",
                    "rate",
                    0.03,
                    "wait",
                    "30s",
                    "ops",
                    List.of("payment.transfer"),
                    "empty",
                    List.of(),
                    "strict",
                    true,
                    "bad",
                    "lots"));

    @Test
    void requiredNumber_readsYamlNumbersAndStringsAndNamesTheMissingKey() {
        assertThat(settings.number("max")).isEqualTo(10000L);
        assertThat(settings.number("review")).isEqualTo(5000L);
        assertThat(settings.optionalNumber("absent")).isEmpty();
        assertThatThrownBy(() -> settings.number("absent"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("policy 'amount-cap': missing setting 'absent'");
        assertThatThrownBy(() -> settings.number("bad"))
                .hasMessage("policy 'amount-cap': setting 'bad' must be an integer, got 'lots'");
        assertThatThrownBy(() -> settings.number("rate"))
                .hasMessage("policy 'amount-cap': setting 'rate' must be an integer, got '0.03'");
    }

    @Test
    void decimal_requiredDefaultedAndOptional() {
        assertThat(settings.decimal("rate")).isEqualTo(0.03);
        assertThat(settings.decimal("max")).isEqualTo(10000.0);
        assertThat(settings.decimal("absent", 1.5)).isEqualTo(1.5);
        assertThat(settings.optionalDecimal("absent")).isEmpty();
        assertThatThrownBy(() -> settings.decimal("absent")).hasMessageContaining("missing setting 'absent'");
        assertThatThrownBy(() -> settings.decimal("bad")).hasMessageContaining("'bad' must be a number");
    }

    @Test
    void requiredDuration_andOptionalDuration() {
        assertThat(settings.duration("wait")).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.optionalDuration("absent")).isEmpty();
        assertThatThrownBy(() -> settings.duration("absent")).hasMessageContaining("missing setting 'absent'");
        assertThatThrownBy(() -> settings.duration("bad")).hasMessageContaining("'bad' must be a duration");
    }

    @Test
    void requiredStrings_refuseAnAbsentOrEmptyList() {
        assertThat(settings.requiredStrings("ops")).containsExactly("payment.transfer");
        assertThatThrownBy(() -> settings.requiredStrings("absent")).hasMessageContaining("missing setting 'absent'");
        assertThatThrownBy(() -> settings.requiredStrings("empty"))
                .hasMessage("policy 'amount-cap': setting 'empty' must list at least one value");
    }

    @Test
    void requiredFlag() {
        assertThat(settings.flag("strict")).isTrue();
        assertThatThrownBy(() -> settings.flag("absent")).hasMessageContaining("missing setting 'absent'");
        assertThatThrownBy(() -> settings.flag("bad")).hasMessageContaining("must be true or false");
    }
}
