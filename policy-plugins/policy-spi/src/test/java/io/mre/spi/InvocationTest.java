package io.mre.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static final ContextView CONTEXT =
            new ContextView("", "", "", List.of(), List.of(), Optional.empty(), 0, 0, 0, Map.of());

    @Test
    void outputs_aMapThatMayChange_isCopied() {
        Map<String, Map<String, Object>> outputs = new HashMap<>(Map.of("s1", Map.of("ok", true)));

        Invocation invocation = invocation(outputs);
        outputs.put("s2", Map.of());

        assertThat(invocation.outputs()).containsOnlyKeys("s1");
    }

    @Test
    void outputs_aFrozenMap_isKeptAsItIs() {
        Frozen outputs = new Frozen(Map.of("s1", Map.of("ok", true)));

        assertThat(invocation(outputs).outputs()).isSameAs(outputs);
    }

    private static Invocation invocation(Map<String, Map<String, Object>> outputs) {
        return new Invocation("o1", "s2", 1, "o1/s2/1", false, Map.of(), Map.of(), outputs, CONTEXT);
    }

    private static final class Frozen extends AbstractMap<String, Map<String, Object>>
            implements FrozenMap<String, Map<String, Object>> {
        private final Map<String, Map<String, Object>> values;

        Frozen(Map<String, Map<String, Object>> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public Set<Entry<String, Map<String, Object>>> entrySet() {
            return values.entrySet();
        }
    }
}
