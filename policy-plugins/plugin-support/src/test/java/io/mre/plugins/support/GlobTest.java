package io.mre.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void glob_starMatchesAnyRunIncludingDots() {
        Glob g = Glob.of(List.of("payment.*"));
        assertThat(g.matches("payment.transfer")).isTrue();
        assertThat(g.matches("payment.a.b")).isTrue();
        assertThat(g.matches("payments.transfer")).isFalse();
    }

    @Test
    void glob_questionMarkMatchesOneCharacterAndTheRestIsLiteral() {
        Glob g = Glob.of(List.of("a?c", "x+y"));
        assertThat(g.matches("abc")).isTrue();
        assertThat(g.matches("abbc")).isFalse();
        assertThat(g.matches("x+y")).isTrue();
        assertThat(g.matches("xxy")).isFalse();
    }

    @Test
    void glob_withoutPatterns_matchesNothing() {
        Glob g = Glob.of(List.of());
        assertThat(g.isEmpty()).isTrue();
        assertThat(g.matches("")).isFalse();
    }

    @Test
    void glob_blankPattern_isRefused() {
        assertThatThrownBy(() -> Glob.of(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }
}
