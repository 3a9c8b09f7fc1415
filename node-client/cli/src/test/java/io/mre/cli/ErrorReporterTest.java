package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.cli.intent.IntentFormatException;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
    @Test
    void describe_keepsOnlyTheFirstLine() {
        ErrorReporter.Failure f = ErrorReporter.describe(new IOException("first line\nChannel Pipeline: [a, b]"));

        assertThat(f.message()).isEqualTo("first line");
    }

    @Test
    void describe_mapsInputProblemsToUsageAndTheRestToFailure() {
        assertThat(ErrorReporter.describe(new UncheckedIOException(new NoSuchFileException("k.pem"))))
                .isEqualTo(new ErrorReporter.Failure("no such file: k.pem", 2));
        assertThat(ErrorReporter.describe(new IntentFormatException("x")).exitCode())
                .isEqualTo(2);
        assertThat(ErrorReporter.describe(new MreException(ErrorCode.INVALID_INTENT, "bad plan"))
                        .exitCode())
                .isEqualTo(2);
        assertThat(ErrorReporter.describe(new MreException(ErrorCode.INTEGRITY_VIOLATION, "broken"))
                        .exitCode())
                .isEqualTo(1);
        assertThat(ErrorReporter.describe(new IllegalStateException("bug")))
                .isEqualTo(new ErrorReporter.Failure(
                        "unexpected error: java.lang.IllegalStateException: bug"
                                + " (run with --verbose for the stack trace)",
                        1));
    }
}
