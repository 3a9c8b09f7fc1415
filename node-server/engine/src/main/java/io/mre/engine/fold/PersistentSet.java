package io.mre.engine.fold;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/**
 * An immutable set whose {@link #plus} returns a new set sharing all but O(log n) nodes with this one; iterates in
 * the order of {@link PersistentMap}. No null elements.
 */
public final class PersistentSet<E extends Comparable<? super E>> extends AbstractSet<E> {
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final PersistentSet EMPTY = new PersistentSet(PersistentMap.of());

    private final PersistentMap<E, Boolean> members;

    private PersistentSet(PersistentMap<E, Boolean> members) {
        this.members = members;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E extends Comparable<? super E>> PersistentSet<E> of() {
        return (PersistentSet) EMPTY;
    }

    /** {@code set} itself when it is a persistent set, else a persistent copy of it. */
    public static <E extends Comparable<? super E>> PersistentSet<E> copyOf(Set<? extends E> set) {
        if (set instanceof PersistentSet<? extends E> persistent) {
            @SuppressWarnings("unchecked")
            PersistentSet<E> same = (PersistentSet<E>) persistent;
            return same;
        }
        PersistentSet<E> copy = of();
        for (E e : set) {
            copy = copy.plus(e);
        }
        return copy;
    }

    /** This set with {@code element}; this very set when it already holds it. */
    public PersistentSet<E> plus(E element) {
        return plus(element, null);
    }

    /** {@link #plus}, reusing in place the nodes that {@code edit} created (see {@link PersistentMap#with}). */
    PersistentSet<E> plus(E element, Object edit) {
        return contains(element) ? this : new PersistentSet<>(members.with(element, Boolean.TRUE, edit));
    }

    @Override
    public boolean contains(Object o) {
        return members.containsKey(o);
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public Iterator<E> iterator() {
        return members.keySet().iterator();
    }
}
