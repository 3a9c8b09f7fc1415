package io.mre.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallerAuthorizationSpiTest {
    @Test
    void mrePlugin_writtenBeforeCallerAuthorizers_contributesNone() {
        MrePlugin old = new MrePlugin() {
            @Override
            public String name() {
                return "old";
            }

            @Override
            public int spiVersion() {
                return SpiVersion.CURRENT;
            }
        };

        assertThat(old.callerAuthorizers()).isEmpty();
    }

    @Test
    void callerView_readsAsNameAtDomain_andRefusesNulls() {
        assertThat(new CallerView("regulator.example", "auditor", "CN=auditor,O=regulator.example"))
                .hasToString("auditor@regulator.example");
        assertThatThrownBy(() -> new CallerView(null, "a", "s")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void callerVerdict_factories() {
        assertThat(CallerVerdict.allow("x").decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        assertThat(CallerVerdict.deny("y").reason()).isEqualTo("y");
        assertThat(CallerVerdict.abstain().decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
    }
}
