package io.mre.engine.object;

import io.mre.engine.MreException;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Step;
import io.mre.spi.Reentry;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks that an intent is runnable: a non-empty plan, unique well-formed step ids, named operations. */
public final class IntentValidator {
    /** Step ids and operation names: letters, digits, '-', '_' and '.', 1 to 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final int MAX_STEPS = 1_000;
    private static final int MAX_ATTEMPTS = 100;

    private IntentValidator() {}

    /** Throws {@code INVALID_INTENT} naming the first problem. */
    public static void validate(Intent intent) {
        if (intent.getStepsCount() == 0) {
            throw invalid("the plan is empty: an intent needs at least one step");
        }
        if (intent.getStepsCount() > MAX_STEPS) {
            throw invalid("the plan has " + intent.getStepsCount() + " steps; at most " + MAX_STEPS + " allowed");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < intent.getStepsCount(); i++) {
            Step step = intent.getSteps(i);
            String where = "step " + (i + 1) + (step.getId().isEmpty() ? "" : " ('" + step.getId() + "')");
            if (!NAME.matcher(step.getId()).matches()) {
                throw invalid(where + ": id must be 1-64 letters, digits, '-', '_' or '.'");
            }
            if (!ids.add(step.getId())) {
                throw invalid("duplicate step id '" + step.getId() + "'");
            }
            if (!NAME.matcher(step.getOperation()).matches()) {
                throw invalid(where + ": operation must be 1-64 letters, digits, '-', '_' or '.'");
            }
            if (step.hasCompensation()
                    && !NAME.matcher(step.getCompensation().getOperation()).matches()) {
                throw invalid(where + ": compensation operation must be 1-64 letters, digits, '-', '_' or '.'");
            }
            if (Integer.compareUnsigned(step.getRetry().getMaxAttempts(), MAX_ATTEMPTS) > 0) {
                throw invalid(where + ": retry.max_attempts is above " + MAX_ATTEMPTS);
            }
            if (step.hasAwaitCondition()
                    && step.getAwaitCondition().hasSignal()
                    && !Reentry.SIGNAL_NAME
                            .matcher(step.getAwaitCondition().getSignal())
                            .matches()) {
                throw invalid(where + ": await signal name must be 1-64 letters, digits, '-', '_' or '.'");
            }
            checkTimes(step, where);
        }
    }

    // Out-of-range times are representable on the wire but not in java.time (nor valid protobuf): refuse them.
    private static void checkTimes(Step step, String where) {
        ReentryCondition await = step.getAwaitCondition();
        if (await.hasAt() && !Timestamps.isValid(await.getAt())
                || await.hasAfter() && !Timestamps.isValid(await.getAfter())) {
            throw invalid(where + ": await time or delay is out of the protobuf range");
        }
        RetryPolicy retry = step.getRetry();
        if (retry.hasInitialBackoff() && !Timestamps.isValid(retry.getInitialBackoff())
                || retry.hasMaxBackoff() && !Timestamps.isValid(retry.getMaxBackoff())) {
            throw invalid(where + ": retry backoff is out of the protobuf range");
        }
        if (step.hasTimeout() && !Timestamps.isValid(step.getTimeout())) {
            throw invalid(where + ": timeout is out of the protobuf range");
        }
    }

    /** Throws {@code INVALID_INTENT} when an operation (or compensation) is executed by no known node. */
    public static void requireKnownOperations(Intent intent, Set<String> knownOperations) {
        for (Step step : intent.getStepsList()) {
            if (!knownOperations.contains(step.getOperation())) {
                throw invalid("operation '" + step.getOperation() + "' of step '" + step.getId()
                        + "' is executed by no known node (known: " + new java.util.TreeSet<>(knownOperations) + ")");
            }
            if (step.hasCompensation()
                    && !knownOperations.contains(step.getCompensation().getOperation())) {
                throw invalid(
                        "compensation operation '" + step.getCompensation().getOperation() + "' of step '"
                                + step.getId() + "' is executed by no known node");
            }
        }
    }

    static MreException invalid(String message) {
        return new MreException(ErrorCode.INVALID_INTENT, "invalid intent: " + message);
    }
}
