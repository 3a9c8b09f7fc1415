package io.mre.engine.view;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between protobuf {@link Struct} and the JSON-like maps of the SPI (nulls are left out). */
public final class Values {
    private Values() {}

    /** A Struct as an immutable map. */
    public static Map<String, Object> toMap(Struct struct) {
        if (struct.getFieldsCount() == 0) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> {
            Object o = toJava(v);
            if (o != null) {
                out.put(k, o);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** A map as a Struct; values must be String, Number, Boolean, List, Map or null. */
    public static Struct toStruct(Map<String, ?> map) {
        Struct.Builder b = Struct.newBuilder();
        map.forEach((k, v) -> b.putFields(k, toValue(v)));
        return b.build();
    }

    /** One Java value as a protobuf Value. */
    public static Value toValue(Object v) {
        if (v == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (v instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (v instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (v instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Map<?, ?> m) {
            Struct.Builder s = Struct.newBuilder();
            m.forEach((k, x) -> s.putFields(String.valueOf(k), toValue(x)));
            return Value.newBuilder().setStructValue(s).build();
        }
        if (v instanceof Iterable<?> it) {
            ListValue.Builder l = ListValue.newBuilder();
            it.forEach(x -> l.addValues(toValue(x)));
            return Value.newBuilder().setListValue(l).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(v)).build();
    }

    private static Object toJava(Value v) {
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case NUMBER_VALUE -> v.getNumberValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRUCT_VALUE -> toMap(v.getStructValue());
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>();
                for (Value x : v.getListValue().getValuesList()) {
                    Object o = toJava(x);
                    if (o != null) {
                        out.add(o);
                    }
                }
                yield List.copyOf(out);
            }
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }
}
