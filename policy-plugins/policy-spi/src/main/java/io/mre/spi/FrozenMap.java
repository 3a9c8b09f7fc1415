package io.mre.spi;

import java.util.Map;

/**
 * A map that never changes once built: no method changes it and nothing outside changes it either (a persistent
 * map, a snapshot). {@link Invocation} keeps such a map as it is instead of copying it, so the engine hands a
 * handler the outputs of a long history without copying them on every call. Implement it only for maps that
 * truly never change.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface FrozenMap<K, V> extends Map<K, V> {}
