package io.mre.engine;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/** Removes a dotted path (e.g. {@code applicant.ssn}) from a step output before it is recorded. */
final class Redaction {
    private Redaction() {}

    static Struct remove(Struct struct, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return struct.containsFields(path)
                    ? struct.toBuilder().removeFields(path).build()
                    : struct;
        }
        String head = path.substring(0, dot);
        Value v = struct.getFieldsOrDefault(head, null);
        if (v == null || !v.hasStructValue()) {
            return struct;
        }
        Struct inner = remove(v.getStructValue(), path.substring(dot + 1));
        return struct.toBuilder()
                .putFields(head, Value.newBuilder().setStructValue(inner).build())
                .build();
    }
}
