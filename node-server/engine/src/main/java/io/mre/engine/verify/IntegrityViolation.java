package io.mre.engine.verify;

import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@link MreException} for a broken rule, naming the rule and the first bad entry. */
final class IntegrityViolation {
    private IntegrityViolation() {}

    /** {@code seq} is -1 for a violation of the header or of the carried intent/context of an empty memory. */
    static MreException of(String objectId, IntegrityRule rule, long seq, String detail) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("object_id", objectId);
        meta.put("rule", rule.name());
        String where = seq < 0 ? "header" : "entry seq " + seq;
        if (seq >= 0) {
            meta.put("seq", Long.toString(seq));
        }
        return new MreException(
                ErrorCode.INTEGRITY_VIOLATION, "integrity violation at " + where + ": " + rule + ": " + detail, meta);
    }
}
