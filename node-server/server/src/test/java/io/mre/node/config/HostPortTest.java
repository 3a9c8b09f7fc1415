package io.mre.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
        "localhost:1,true",
        "127.0.0.1:1,true",
        "127.9.9.9:1,true",
        "'[::1]:1',true",
        "0.0.0.0:1,false",
        "10.1.2.3:1,false",
        "'[::]:1',false",
        "node.example:1,false",
        "localhost.evil.example:1,false"
    })
    void isLoopback_acceptsOnlyLoopbackLiteralsAndLocalhost(String text, boolean loopback) {
        assertThat(HostPort.parse(text).isLoopback()).isEqualTo(loopback);
    }

    @Test
    void toString_bracketsIpv6() {
        assertThat(HostPort.parse("[fe80::1]:7443")).hasToString("[fe80::1]:7443");
        assertThat(HostPort.parse("a.example:7443")).hasToString("a.example:7443");
    }

    @Test
    void parse_rejectsMissingPort() {
        assertThatThrownBy(() -> HostPort.parse("a.example:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be host:port, got 'a.example:'");
    }
}
