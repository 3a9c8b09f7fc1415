package io.mre.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    @Test
    void at_followsADottedPathAndIsEmptyWhereItBreaks() {
        Map<String, Object> m = Map.of("claim", Map.of("amount", 12.5));
        assertThat(JsonValues.at(m, "claim.amount")).contains(12.5);
        assertThat(JsonValues.at(m, "claim.missing")).isEmpty();
        assertThat(JsonValues.at(m, "claim.amount.deeper")).isEmpty();
    }

    @Test
    void number_readsNumbersAndNumericStringsOnly() {
        assertThat(JsonValues.number(3).getAsDouble()).isEqualTo(3.0);
        assertThat(JsonValues.number(" 4.5 ").getAsDouble()).isEqualTo(4.5);
        assertThat(JsonValues.number("four")).isEmpty();
        assertThat(JsonValues.number(true)).isEmpty();
    }
}
