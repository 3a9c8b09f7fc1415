package io.mre.engine.codec;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.peer;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.PeerDirectory;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Step;
import io.mre.spi.PeerView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Untrusted input ends in an {@link MreException} with a precise code and a message naming the problem. */
class BadInputTest {
    private final FakeClock clock = new FakeClock();
    private final Engine engine = TestMesh.engine(ALPHA_1, clock)
            .handlers(RecordingHandler.noop(NOOP))
            .peers(peer(BETA_1, "op.remote"))
            .build();
    private final ExecutableObject valid =
            submit(engine, create(plan("a", "b"), clock)).object().object();

    @Test
    void parse_garbageBytes_malformedObject() {
        for (byte[] garbage : new byte[][] {
            "definitely not protobuf".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {},
            {0x0A, 0x02, 0x0A, 0x00}
        }) {
            assertRefused(() -> ObjectCodec.parse(garbage, Limits.DEFAULT), ErrorCode.MALFORMED_OBJECT)
                    .hasMessageMatching("(?s).*(not a valid mre\\.v1\\.ExecutableObject|no header).*");
        }
    }

    @Test
    void parse_randomBytes_neverAnythingButMalformedObject() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            assertRefused(() -> ObjectCodec.parse(bytes, Limits.DEFAULT), ErrorCode.MALFORMED_OBJECT);
        }
    }

    @Test
    void parse_truncatedObject_malformedObjectNamingTheType() {
        byte[] bytes = valid.toByteArray();

        assertRefused(
                        () -> ObjectCodec.parse(Arrays.copyOf(bytes, bytes.length / 2), Limits.DEFAULT),
                        ErrorCode.MALFORMED_OBJECT)
                .hasMessageContaining("not a valid mre.v1.ExecutableObject");
    }

    @Test
    void parse_oversizeObject_objectTooLargeBeforeParsing() {
        byte[] bytes = valid.toByteArray();

        assertRefused(() -> ObjectCodec.parse(bytes, new Limits(1024, 100)), ErrorCode.OBJECT_TOO_LARGE)
                .hasMessageContaining(bytes.length + " bytes")
                .hasMessageContaining("at most 1024");
        byte[] hugeGarbage = new byte[2048];
        assertRefused(() -> ObjectCodec.parse(hugeGarbage, new Limits(1024, 100)), ErrorCode.OBJECT_TOO_LARGE);
    }

    @Test
    void verify_tooManyEntries_objectTooLarge() {
        Engine strict =
                TestMesh.engine(ALPHA_1, clock).limits(new Limits(1 << 20, 2)).build();

        assertRefused(() -> strict.verify(valid), ErrorCode.OBJECT_TOO_LARGE)
                .hasMessageContaining("3 memory entries")
                .hasMessageContaining("at most 2");
    }

    @Test
    void verify_oversizeObject_objectTooLarge() {
        Engine strict =
                TestMesh.engine(ALPHA_1, clock).limits(new Limits(1024, 100)).build();

        assertRefused(() -> strict.verify(valid), ErrorCode.OBJECT_TOO_LARGE);
    }

    @Test
    void parseAndVerify_unknownFormatVersion_unsupportedFormatVersion() {
        ExecutableObject future = withHeader(valid, h -> h.setFormatVersion(3));

        assertRefused(
                        () -> ObjectCodec.parse(future.toByteArray(), Limits.DEFAULT),
                        ErrorCode.UNSUPPORTED_FORMAT_VERSION)
                .hasMessageContaining("format_version 3");
        assertRefused(() -> engine.verify(future), ErrorCode.UNSUPPORTED_FORMAT_VERSION);
    }

    @Test
    void verify_formatVersion1_unsupportedFormatVersion() {
        ExecutableObject v1 = withHeader(valid, h -> h.setFormatVersion(1));

        assertRefused(() -> engine.verify(v1), ErrorCode.UNSUPPORTED_FORMAT_VERSION)
                .hasMessageContaining("format_version 1")
                .hasMessageContaining("version 2");
    }

    @Test
    void parse_headerBytesThatAreNotAHeader_malformedObject() {
        ExecutableObject broken = valid.toBuilder()
                .setHeader(valid.getHeader().toBuilder().setHeader(ByteString.copyFrom(new byte[] {0x0A, 0x7F})))
                .build();

        assertRefused(() -> ObjectCodec.parse(broken.toByteArray(), Limits.DEFAULT), ErrorCode.MALFORMED_OBJECT)
                .hasMessageContaining("header");
    }

    @Test
    void parse_objectWithoutHeader_malformedObject() {
        assertRefused(
                        () -> ObjectCodec.parse(
                                valid.toBuilder().clearHeader().build().toByteArray(), Limits.DEFAULT),
                        ErrorCode.MALFORMED_OBJECT)
                .hasMessageContaining("no header");
    }

    @Test
    void verify_creationTimeOutOfRange_malformedObjectNotACrash() {
        ExecutableObject unsigned = ObjectFactory.create(
                plan("a"),
                Context.getDefaultInstance(),
                Origin.newBuilder()
                        .setAuthor("x")
                        .setTrustDomain(TestMesh.ALPHA)
                        .build(),
                Optional.empty(),
                clock);
        ExecutableObject bad =
                withHeader(unsigned, h -> h.setCreatedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)));

        assertRefused(() -> submit(engine, bad), ErrorCode.MALFORMED_OBJECT).hasMessageContaining("created_at");
    }

    @Test
    void createAndVerify_deadlineOutOfRange_malformedObjectNotACrash() {
        Context bad = Context.newBuilder()
                .setDeadline(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                .build();
        ExecutableObject unsigned = ObjectFactory.create(
                plan("a"),
                Context.getDefaultInstance(),
                Origin.newBuilder()
                        .setAuthor("x")
                        .setTrustDomain(TestMesh.ALPHA)
                        .build(),
                Optional.empty(),
                clock);
        ExecutableObject crafted = withHeader(
                unsigned.toBuilder().setContext(bad).build(),
                h -> h.setInitialContextDigest(ByteString.copyFrom(Digests.contextDigest(bad))));

        assertRefused(() -> create(plan("a"), bad, clock), ErrorCode.MALFORMED_OBJECT)
                .hasMessageContaining("deadline");
        assertRefused(() -> submit(engine, crafted), ErrorCode.MALFORMED_OBJECT).hasMessageContaining("deadline");
    }

    @Test
    void verify_entryTimeOutOfRange_integrityViolationNotACrash() {
        ExecutableObject bad = io.mre.engine.fixtures.Forger.reseal(
                valid, 1, (i, e) -> e.setTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)));

        assertRefused(() -> engine.verify(bad), ErrorCode.INTEGRITY_VIOLATION).hasMessageContaining("time");
    }

    @Test
    void run_signedDormancyUntilAnInstantJavaCannotHold_staysDormantNotACrash() {
        Step awaits = step("a", NOOP).toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder().setSignal("go"))
                .build();
        ExecutableObject dormant =
                submit(engine, create(plan(awaits), clock)).object().object();
        ExecutableObject farFuture = io.mre.engine.fixtures.Forger.reseal(
                dormant,
                0,
                (i, e) -> e.getDormantBuilder()
                        .setCause(io.mre.proto.v1.DormantCause.DORMANT_CAUSE_DEFER)
                        .setConditions(
                                0,
                                ReentryCondition.newBuilder()
                                        .setAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))));

        var visit = submit(engine, farFuture);

        assertThat(visit.state().lifecycle()).isEqualTo(io.mre.spi.Lifecycle.DORMANT);
        assertThat(visit.appended()).isEmpty();
    }

    @Test
    void validateIntent_emptyPlan_invalidIntent() {
        assertRefused(() -> engine.validateIntent(Intent.getDefaultInstance()), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("plan is empty");
        assertRefused(() -> create(Intent.getDefaultInstance(), clock), ErrorCode.INVALID_INTENT);
    }

    @Test
    void validateIntent_duplicateStepIds_invalidIntentNamingTheId() {
        assertRefused(() -> engine.validateIntent(plan("a", "b", "a")), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("duplicate step id 'a'");
    }

    @Test
    void validateIntent_operationNoKnownNodeExecutes_invalidIntent() {
        engine.validateIntent(plan(step("here", NOOP), step("there", "op.remote")));

        assertRefused(() -> engine.validateIntent(plan(step("x", "op.nowhere"))), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("operation 'op.nowhere' of step 'x' is executed by no known node");
    }

    @Test
    void validateIntent_operationOfAPeerNotDescribedYet_asksThePeersBeforeRefusing() {
        AtomicInteger asked = new AtomicInteger();
        PeerDirectory notYetDescribed = new PeerDirectory() {
            @Override
            public List<PeerView> peers() {
                return asked.get() == 0 ? List.of() : List.of(peer(BETA_1, "op.remote"));
            }

            @Override
            public void refreshUndescribed() {
                asked.incrementAndGet();
            }
        };
        Engine starting = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .directory(notYetDescribed)
                .build();

        starting.validateIntent(plan(step("there", "op.remote")));
        assertThat(asked).as("asked once, then accepted").hasValue(1);
        assertRefused(() -> starting.validateIntent(plan(step("x", "op.nowhere"))), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("operation 'op.nowhere' of step 'x' is executed by no known node");
        starting.validateIntent(plan(step("here", NOOP)));
        assertThat(asked).as("an intent already runnable asks nobody").hasValue(2);
    }

    @Test
    void verify_objectCarryingAnInvalidIntent_invalidIntent() {
        // Crafted without ObjectFactory: the header binds an intent with a duplicate step id.
        Intent duplicate = plan("a", "a");
        ExecutableObject crafted = withHeader(
                create(plan("a"), clock).toBuilder().setIntent(duplicate).build(),
                h -> h.setInitialIntentDigest(ByteString.copyFrom(Digests.intentDigest(duplicate))));
        Engine lenient = TestMesh.engine(ALPHA_1, clock).build();

        assertRefused(() -> lenient.verify(stripHeaderSignature(crafted)), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("duplicate step id 'a'");
    }

    @Test
    void createAndVerify_awaitDelayOutOfRange_invalidIntentNotACrash() {
        Step forever = step("a", NOOP).toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder()
                        .setAfter(com.google.protobuf.Duration.newBuilder().setSeconds(Long.MAX_VALUE)))
                .build();

        assertRefused(() -> create(plan(forever), clock), ErrorCode.INVALID_INTENT)
                .hasMessageContaining("await");
    }

    @Test
    void run_retryBackoffOfCenturies_isCappedNotACrash() {
        RecordingHandler failing =
                RecordingHandler.scripted("fails", io.mre.spi.HandlerResult.retryableFailure("BUSY", "busy"));
        Engine patient = TestMesh.engine(ALPHA_1, clock).handlers(failing).build();
        Step slow = step("a", "fails").toBuilder()
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialBackoff(Timestamps.toProto(Duration.ofDays(365L * 1000)))
                        .setBackoffMultiplier(1000))
                .build();

        var visit = submit(patient, create(plan(slow), clock));

        assertThat(visit.state().lifecycle()).isEqualTo(io.mre.spi.Lifecycle.DORMANT);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MreException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    private static ExecutableObject withHeader(
            ExecutableObject object, java.util.function.UnaryOperator<Header.Builder> edit) {
        Header header = ObjectCodec.header(object);
        return object.toBuilder()
                .setHeader(object.getHeader().toBuilder()
                        .setHeader(edit.apply(header.toBuilder()).build().toByteString()))
                .build();
    }

    private static ExecutableObject stripHeaderSignature(ExecutableObject object) {
        return object.toBuilder()
                .setHeader(object.getHeader().toBuilder().clearSignatures())
                .build();
    }
}
