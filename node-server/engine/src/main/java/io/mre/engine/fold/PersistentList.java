package io.mre.engine.fold;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * An immutable list whose {@link #plus} (append) and {@link #minusAt} (remove) return a new list sharing all but
 * O(log n) nodes with this one; {@link #get} is O(log n), iteration O(1) per element. No null elements.
 */
public final class PersistentList<E> extends AbstractList<E> implements RandomAccess {
    private static final PersistentList<?> EMPTY = new PersistentList<>(PersistentMap.of(), 0);

    /** Elements keyed by a counter that only grows, so key order is list order even after removals. */
    private final PersistentMap<Integer, E> byKey;

    private final int nextKey;

    private PersistentList(PersistentMap<Integer, E> byKey, int nextKey) {
        this.byKey = byKey;
        this.nextKey = nextKey;
    }

    @SuppressWarnings("unchecked")
    public static <E> PersistentList<E> of() {
        return (PersistentList<E>) EMPTY;
    }

    /** {@code list} itself when it is a persistent list, else a persistent copy of it (built in O(n)). */
    public static <E> PersistentList<E> copyOf(List<? extends E> list) {
        if (list instanceof PersistentList<? extends E> persistent) {
            @SuppressWarnings("unchecked")
            PersistentList<E> same = (PersistentList<E>) persistent;
            return same;
        }
        return new PersistentList<>(PersistentMap.indexed(list), list.size());
    }

    /** This list with {@code element} appended. */
    public PersistentList<E> plus(E element) {
        return plus(element, null);
    }

    /** {@link #plus}, reusing in place the nodes that {@code edit} created (see {@link PersistentMap#with}). */
    PersistentList<E> plus(E element, Object edit) {
        return new PersistentList<>(byKey.with(nextKey, element, edit), nextKey + 1);
    }

    /** This list without the element at {@code index}. */
    public PersistentList<E> minusAt(int index) {
        return new PersistentList<>(byKey.without(byKey.keyAt(index)), nextKey);
    }

    @Override
    public E get(int index) {
        return byKey.valueAt(index);
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public Iterator<E> iterator() {
        Iterator<Map.Entry<Integer, E>> entries = byKey.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public E next() {
                return entries.next().getValue();
            }
        };
    }
}
