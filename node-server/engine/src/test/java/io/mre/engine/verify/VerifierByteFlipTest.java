package io.mre.engine.verify;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.VisitInput;
import io.mre.engine.codec.Limits;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Forger;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.ExecutableObject;
import org.junit.jupiter.api.Test;

/** Every single-bit change of a signed entry is caught at that entry; no change of the object crashes a node. */
class VerifierByteFlipTest {
    private final FakeClock clock = new FakeClock();
    private final Engine receiver = TestMesh.engine(ALPHA_2, clock)
            .handlers(RecordingHandler.noop(NOOP))
            .build();
    private final ExecutableObject honest = submit(
                    TestMesh.engine(ALPHA_1, clock)
                            .handlers(RecordingHandler.noop(NOOP))
                            .maxCyclesPerVisit(3)
                            .build(),
                    create(plan("a", "b", "c", "d"), clock))
            .object()
            .object();

    @Test
    void everyFlippedBitOfAnEntry_isAnIntegrityViolationAtThatEntry() {
        int size = honest.getMemory().getEntries(1).getEntry().size();
        for (int at = 0; at < size; at++) {
            for (int mask : new int[] {0x01, 0x80}) {
                int index = at;
                ExecutableObject tampered = Forger.editEnvelope(
                        honest,
                        1,
                        env -> env.toBuilder()
                                .setEntry(Forger.flip(env.getEntry(), index, mask))
                                .build());

                Throwable thrown = catchThrowable(() -> receiver.verify(tampered));

                assertThat(thrown).as("byte %d mask %x", at, mask).isInstanceOf(MreException.class);
                MreException e = (MreException) thrown;
                assertThat(e.code())
                        .as("byte %d mask %x: %s", at, mask, e.getMessage())
                        .isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
                assertThat(e.metadata())
                        .as("byte %d mask %x: %s", at, mask, e.getMessage())
                        .containsEntry("seq", "1");
            }
        }
    }

    @Test
    void everyFlippedByteOfTheObject_isRefusedOrHarmless_neverACrash() {
        byte[] bytes = honest.toByteArray();
        for (int at = 0; at < bytes.length; at++) {
            byte[] copy = bytes.clone();
            copy[at] ^= (byte) 0x41;

            Throwable thrown = catchThrowable(
                    () -> TestMesh.submit(receiver, ObjectCodec.parse(copy, Limits.DEFAULT), VisitInput.NONE));

            assertThat(thrown)
                    .as("byte %d", at)
                    .satisfiesAnyOf(
                            t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(MreException.class));
        }
    }
}
