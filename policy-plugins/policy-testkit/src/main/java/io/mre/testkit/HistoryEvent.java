package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Reentry;
import java.util.List;
import java.util.Map;

/**
 * One thing that happened to a test object before the test, recorded as one memory entry when the object is built.
 * Added through {@link ObjectBuilder}'s state helpers ({@code completed}, {@code attempts}, {@code hops},
 * {@code signal}, {@code dormant}, ...), in the order they are called.
 *
 * <pre>{@code
 * intent("claim.settle").step("check", "credit.check").step("pay", "payment.transfer", withRetries(3))
 *         .completed("check").attempts("pay", 2).hops(1);
 * }</pre>
 */
public sealed interface HistoryEvent {
    /** The step succeeded with {@code output}. */
    record Completed(String stepId, Map<String, Object> output) implements HistoryEvent {
        public Completed {
            requireNonNull(stepId, "stepId is null");
            output = Map.copyOf(output);
        }
    }

    /** An attempt of the step failed with {@code code}; a non-retryable failure fails the step for good. */
    record Failed(String stepId, String code, boolean retryable) implements HistoryEvent {
        public Failed {
            requireNonNull(stepId, "stepId is null");
            requireNonNull(code, "code is null");
        }
    }

    /** The compensation of a completed step succeeded. */
    record Compensated(String stepId) implements HistoryEvent {
        public Compensated {
            requireNonNull(stepId, "stepId is null");
        }
    }

    /** The object was delegated to {@code nodeId@trustDomain} (one hop). */
    record Delegated(String nodeId, String trustDomain) implements HistoryEvent {
        public Delegated {
            requireNonNull(nodeId, "nodeId is null");
            requireNonNull(trustDomain, "trustDomain is null");
        }
    }

    /** The signal {@code name} arrived from {@code fromDomain}. */
    record Signalled(String name, String fromDomain, Map<String, Object> payload) implements HistoryEvent {
        public Signalled {
            requireNonNull(name, "name is null");
            if (!Reentry.SIGNAL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad signal name: '" + name + "'");
            }
            requireNonNull(fromDomain, "fromDomain is null");
            payload = Map.copyOf(payload);
        }
    }

    /** The object went dormant until one of {@code conditions} holds. */
    record WentDormant(List<Reentry> conditions) implements HistoryEvent {
        public WentDormant {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("a dormant object needs at least one reentry condition");
            }
        }
    }

    /** The dormant object re-entered on its first pending condition. */
    record Reentered() implements HistoryEvent {}

    /** The object ended. */
    record Terminated(Ending ending, String reason) implements HistoryEvent {
        public Terminated {
            requireNonNull(ending, "ending is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
