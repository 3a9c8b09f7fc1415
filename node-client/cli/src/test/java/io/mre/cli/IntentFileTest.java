package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.cli.intent.IntentFile;
import io.mre.cli.intent.IntentFormatException;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentFileTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    private IntentFile.Spec read(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("intent.yaml"), yaml);
        return new IntentFile(InstantSource.fixed(NOW)).read(file);
    }

    @Test
    void intentFile_mapsEveryFieldOfTheSchema() throws Exception {
        IntentFile.Spec spec = read("""
                name: claim.settle
                version: "1.0"
                input: {claimId: C-1, amount: 1200}
                onFailure: dormant-for-review
                steps:
                  - id: assess
                    operation: claim.assess
                    params: {threshold: 5000}
                    routing: {domain: insurer.example, capabilities: [claim.assess], labels: {region: eu-west}}
                    retry: {maxAttempts: 3, initialBackoff: 1s, maxBackoff: 1m, multiplier: 2.5}
                    compensation: {operation: claim.reopen, params: {why: undo}}
                    timeout: 30s
                  - id: wait
                    operation: claim.approve
                    await: {signal: approved, from: [insurer.example]}
                  - id: later
                    operation: claim.close
                    await: {after: 1h30m}
                  - id: at
                    operation: claim.archive
                    await: {at: "2026-12-01T09:00:00Z"}
                context:
                  tenant: acme
                  ownerDomain: insurer.example
                  classification: confidential
                  residency: eu-west
                  allowedDomains: [insurer.example, bureau.example]
                  deadline: 10m
                  maxHops: 8
                  priority: 5
                  cycleBudget: 200
                  labels: {line: motor}
                  trace: {traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01}
                origin: {author: alice, domain: insurer.example}
                """);

        assertThat(spec.intent().getName()).isEqualTo("claim.settle");
        assertThat(spec.intent().getVersion()).isEqualTo("1.0");
        assertThat(spec.intent().getInput().getFieldsOrThrow("amount").getNumberValue())
                .isEqualTo(1200);
        assertThat(spec.intent().getOnFailure()).isEqualTo(FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW);
        Step assess = spec.intent().getSteps(0);
        assertThat(assess.getParams().getFieldsOrThrow("threshold").getNumberValue())
                .isEqualTo(5000);
        assertThat(assess.getRouting().getTrustDomain()).isEqualTo("insurer.example");
        assertThat(assess.getRouting().getCapabilitiesList()).containsExactly("claim.assess");
        assertThat(assess.getRouting().getLabelsMap()).containsEntry("region", "eu-west");
        assertThat(assess.getRetry().getMaxAttempts()).isEqualTo(3);
        assertThat(Timestamps.toDuration(assess.getRetry().getInitialBackoff())).isEqualTo(Duration.ofSeconds(1));
        assertThat(Timestamps.toDuration(assess.getRetry().getMaxBackoff())).isEqualTo(Duration.ofMinutes(1));
        assertThat(assess.getRetry().getBackoffMultiplier()).isEqualTo(2.5);
        assertThat(assess.getCompensation().getOperation()).isEqualTo("claim.reopen");
        assertThat(Timestamps.toDuration(assess.getTimeout())).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.intent().getSteps(1).getAwaitCondition().getSignal()).isEqualTo("approved");
        assertThat(spec.intent().getSteps(1).getAwaitCondition().getSignalFromDomainsList())
                .containsExactly("insurer.example");
        assertThat(Timestamps.toDuration(
                        spec.intent().getSteps(2).getAwaitCondition().getAfter()))
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(Timestamps.toInstant(
                        spec.intent().getSteps(3).getAwaitCondition().getAt()))
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(spec.context().getTenant()).isEqualTo("acme");
        assertThat(spec.context().getDataClassification()).isEqualTo("confidential");
        assertThat(spec.context().getResidencyRegionsList()).containsExactly("eu-west");
        assertThat(spec.context().getAllowedDomainsList()).containsExactly("insurer.example", "bureau.example");
        assertThat(Timestamps.toInstant(spec.context().getDeadline())).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(spec.context().getMaxHops()).isEqualTo(8);
        assertThat(spec.context().getPriority()).isEqualTo(5);
        assertThat(spec.context().getCycleBudget()).isEqualTo(200);
        assertThat(spec.context().getLabelsMap()).containsEntry("line", "motor");
        assertThat(spec.context().getTrace().getTraceparent()).startsWith("00-0af7");
        assertThat(spec.author()).contains("alice");
        assertThat(spec.domain()).contains("insurer.example");
    }

    @Test
    void intentFile_takesAnAbsoluteDeadline() throws Exception {
        IntentFile.Spec spec = read("""
                name: n
                steps: [{id: a, operation: op.a}]
                context: {deadline: "2026-12-24T18:00:00+01:00"}
                """);

        assertThat(Timestamps.toInstant(spec.context().getDeadline())).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    }

    @Test
    void intentFile_readsReplanDomainsAsAListOrOneDomain() throws Exception {
        IntentFile.Spec list = read("""
                name: n
                replanDomains: [bureau.example, reinsurer.example]
                steps: [{id: a, operation: op.a}]
                """);
        IntentFile.Spec one = read("""
                name: n
                replanDomains: bureau.example
                steps: [{id: a, operation: op.a}]
                """);
        IntentFile.Spec none = read("""
                name: n
                steps: [{id: a, operation: op.a}]
                """);

        assertThat(list.intent().getReplanDomainsList()).containsExactly("bureau.example", "reinsurer.example");
        assertThat(one.intent().getReplanDomainsList()).containsExactly("bureau.example");
        assertThat(none.intent().getReplanDomainsList()).isEmpty();
    }

    @Test
    void intentFile_refusesReplanDomainsThatAreNotText() {
        assertThatThrownBy(() -> read("""
                name: n
                replanDomains: {bureau.example: yes}
                steps: [{id: a, operation: op.a}]
                """))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageStartingWith("replanDomains");
    }

    @Test
    void intentFile_namesAnUnknownKeyWithItsPath() {
        assertThatThrownBy(() -> read("""
                name: n
                steps:
                  - id: a
                    operation: op.a
                    retry: {maxAttemps: 3}
                """))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageContaining("unknown key 'maxAttemps' at steps[0].retry")
                .hasMessageContaining("maxAttempts");
    }

    @Test
    void intentFile_namesAValueOfTheWrongKind() {
        assertThatThrownBy(() -> read("""
                name: n
                steps: [{id: a, operation: op.a, retry: {maxAttempts: three}}]
                """))
                .isInstanceOf(IntentFormatException.class)
                .hasMessage("steps[0].retry.maxAttempts: expected a whole number, got 'three'");
    }

    @Test
    void intentFile_requiresExactlyOneAwaitCondition() {
        assertThatThrownBy(() -> read("""
                name: n
                steps: [{id: a, operation: op.a, await: {signal: ok, after: 10m}}]
                """))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageContaining("steps[0].await: give exactly one of signal, after, at or expression");
    }

    @Test
    void intentFile_rejectsABadDuration() {
        assertThatThrownBy(() -> read("""
                name: n
                steps: [{id: a, operation: op.a, timeout: 30}]
                """))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageContaining("steps[0].timeout: '30' is not a duration");
    }

    @Test
    void intentFile_requiresStepsAndName() {
        assertThatThrownBy(() -> read("name: n\n"))
                .isInstanceOf(IntentFormatException.class)
                .hasMessage("missing key 'steps' at the top level");
        assertThatThrownBy(() -> read("steps: [{id: a, operation: b}]\n"))
                .isInstanceOf(IntentFormatException.class)
                .hasMessage("missing key 'name' at the top level");
    }

    @Test
    void intentFile_reportsYamlSyntaxWithItsLine() {
        assertThatThrownBy(() -> read("name: n\nsteps: [\n  - oops: : :\n"))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageStartingWith("not valid YAML at line")
                .matches(e -> !e.getMessage().contains("\n"), "is one line");
    }

    @Test
    void intentFile_refusesDuplicateKeys() {
        assertThatThrownBy(() -> read("name: a\nname: b\nsteps: [{id: a, operation: b}]\n"))
                .isInstanceOf(IntentFormatException.class)
                .hasMessageContaining("name");
    }
}
