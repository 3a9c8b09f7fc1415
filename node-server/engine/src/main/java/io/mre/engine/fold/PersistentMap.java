package io.mre.engine.fold;

import static java.util.Objects.requireNonNull;

import io.mre.spi.FrozenMap;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map whose {@link #with} and {@link #without} return a new map sharing all but O(log n) nodes with
 * this one (a path-copying AVL tree). The fold keeps its growing maps in these, so a snapshot of the state is free
 * and never changes when later entries are folded. Iterates in a fixed order: by hash code, then natural order (so
 * non-negative Integer keys iterate in natural order). No null keys or values.
 */
public final class PersistentMap<K extends Comparable<? super K>, V> extends AbstractMap<K, V>
        implements FrozenMap<K, V> {
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final PersistentMap EMPTY = new PersistentMap(null);

    private final Node<K, V> root;

    private PersistentMap(Node<K, V> root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<? super K>, V> PersistentMap<K, V> of() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** {@code map} itself when it is a persistent map, else a persistent copy of it. */
    public static <K extends Comparable<? super K>, V> PersistentMap<K, V> copyOf(Map<K, ? extends V> map) {
        if (map instanceof PersistentMap<K, ? extends V> persistent) {
            @SuppressWarnings("unchecked")
            PersistentMap<K, V> same = (PersistentMap<K, V>) persistent;
            return same;
        }
        PersistentMap<K, V> copy = of();
        for (Map.Entry<K, ? extends V> e : map.entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** This map with {@code key} mapped to {@code value}. */
    public PersistentMap<K, V> with(K key, V value) {
        return with(key, value, null);
    }

    /** This map without {@code key}; this very map when it has no such key. */
    public PersistentMap<K, V> without(K key) {
        return without(key, null);
    }

    /**
     * {@link #with}, reusing in place the nodes that {@code edit} created: for a fold that folds many entries
     * before it hands out a snapshot. Whoever hands out a map must stop using its {@code edit} (see {@link Fold}).
     */
    PersistentMap<K, V> with(K key, V value, Object edit) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        return new PersistentMap<>(Node.with(root, key, value, edit));
    }

    /** {@link #without}, reusing in place the nodes that {@code edit} created. */
    PersistentMap<K, V> without(K key, Object edit) {
        requireNonNull(key, "key is null");
        if (find(key) == null) {
            return this;
        }
        return new PersistentMap<>(Node.without(root, key, edit));
    }

    /** The value of the entry at {@code index} in iteration order. */
    public V valueAt(int index) {
        return Node.at(root, checked(index)).value;
    }

    /** The key of the entry at {@code index} in iteration order. */
    public K keyAt(int index) {
        return Node.at(root, checked(index)).key;
    }

    /** The map {@code 0 -> values[0], 1 -> values[1], ...}, built balanced in O(n). */
    static <V> PersistentMap<Integer, V> indexed(List<? extends V> values) {
        return new PersistentMap<>(Node.balanced(values, 0, values.size()));
    }

    private int checked(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " of size " + size());
        }
        return index;
    }

    @Override
    public V get(Object key) {
        Node<K, V> n = find(key);
        return n == null ? null : n.value;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) != null;
    }

    @Override
    public int size() {
        return Node.size(root);
    }

    @Override
    public boolean isEmpty() {
        return root == null;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new InOrder<>(root);
            }

            @Override
            public int size() {
                return PersistentMap.this.size();
            }
        };
    }

    /** Height of the tree; package-private for the balance test. */
    int height() {
        return Node.height(root);
    }

    @SuppressWarnings("unchecked")
    private Node<K, V> find(Object key) {
        if (key == null) {
            return null;
        }
        K k;
        try {
            k = (K) key;
            Node<K, V> n = root;
            while (n != null) {
                int c = compare(k, n.key);
                if (c == 0) {
                    return n;
                }
                n = c < 0 ? n.left : n.right;
            }
        } catch (ClassCastException wrongType) {
            return null;
        }
        return null;
    }

    /**
     * A tree node. Immutable once its map is handed out: only a node created under an {@code edit} token is changed
     * in place, and only while that token is in use.
     */
    private static final class Node<K extends Comparable<? super K>, V> {
        private final Object edit;
        private K key;
        private V value;
        private Node<K, V> left;
        private Node<K, V> right;
        private int height;
        private int size;

        private Node(Object edit) {
            this.edit = edit;
        }

        /** {@code reuse} set to these fields when {@code edit} owns it, else a new node owned by {@code edit}. */
        static <K extends Comparable<? super K>, V> Node<K, V> of(
                Node<K, V> reuse, Object edit, K key, V value, Node<K, V> left, Node<K, V> right) {
            Node<K, V> n = edit != null && reuse != null && reuse.edit == edit ? reuse : new Node<>(edit);
            n.key = key;
            n.value = value;
            n.left = left;
            n.right = right;
            n.height = 1 + Math.max(height(left), height(right));
            n.size = 1 + size(left) + size(right);
            return n;
        }

        static int height(Node<?, ?> n) {
            return n == null ? 0 : n.height;
        }

        static int size(Node<?, ?> n) {
            return n == null ? 0 : n.size;
        }

        static <K extends Comparable<? super K>, V> Node<K, V> with(Node<K, V> n, K key, V value, Object edit) {
            if (n == null) {
                return of(null, edit, key, value, null, null);
            }
            int c = compare(key, n.key);
            if (c < 0) {
                return balance(n, edit, n.key, n.value, with(n.left, key, value, edit), n.right);
            }
            if (c > 0) {
                return balance(n, edit, n.key, n.value, n.left, with(n.right, key, value, edit));
            }
            return of(n, edit, key, value, n.left, n.right);
        }

        /** {@code n} without {@code key}, which it holds. */
        static <K extends Comparable<? super K>, V> Node<K, V> without(Node<K, V> n, K key, Object edit) {
            int c = compare(key, n.key);
            if (c < 0) {
                return balance(n, edit, n.key, n.value, without(n.left, key, edit), n.right);
            }
            if (c > 0) {
                return balance(n, edit, n.key, n.value, n.left, without(n.right, key, edit));
            }
            if (n.left == null) {
                return n.right;
            }
            if (n.right == null) {
                return n.left;
            }
            Node<K, V> min = n.right;
            while (min.left != null) {
                min = min.left;
            }
            return balance(n, edit, min.key, min.value, n.left, withoutMin(n.right, edit));
        }

        private static <K extends Comparable<? super K>, V> Node<K, V> withoutMin(Node<K, V> n, Object edit) {
            if (n.left == null) {
                return n.right;
            }
            return balance(n, edit, n.key, n.value, withoutMin(n.left, edit), n.right);
        }

        /**
         * A node of {@code key} (in place of {@code at}) over two subtrees whose heights differ by at most 2,
         * rebalanced to at most 1.
         */
        private static <K extends Comparable<? super K>, V> Node<K, V> balance(
                Node<K, V> at, Object edit, K key, V value, Node<K, V> l, Node<K, V> r) {
            int hl = height(l);
            int hr = height(r);
            if (hl > hr + 1) {
                Node<K, V> ll = l.left;
                Node<K, V> lr = l.right;
                if (height(ll) >= height(lr)) {
                    Node<K, V> right = of(at, edit, key, value, lr, r);
                    return of(l, edit, l.key, l.value, ll, right);
                }
                Node<K, V> lrl = lr.left;
                Node<K, V> lrr = lr.right;
                Node<K, V> left = of(l, edit, l.key, l.value, ll, lrl);
                Node<K, V> right = of(at, edit, key, value, lrr, r);
                return of(lr, edit, lr.key, lr.value, left, right);
            }
            if (hr > hl + 1) {
                Node<K, V> rl = r.left;
                Node<K, V> rr = r.right;
                if (height(rr) >= height(rl)) {
                    Node<K, V> left = of(at, edit, key, value, l, rl);
                    return of(r, edit, r.key, r.value, left, rr);
                }
                Node<K, V> rll = rl.left;
                Node<K, V> rlr = rl.right;
                Node<K, V> left = of(at, edit, key, value, l, rll);
                Node<K, V> right = of(r, edit, r.key, r.value, rlr, rr);
                return of(rl, edit, rl.key, rl.value, left, right);
            }
            return of(at, edit, key, value, l, r);
        }

        static <V> Node<Integer, V> balanced(List<? extends V> values, int from, int to) {
            if (from >= to) {
                return null;
            }
            int mid = (from + to) >>> 1;
            return of(
                    null,
                    null,
                    mid,
                    requireNonNull(values.get(mid), "value is null"),
                    balanced(values, from, mid),
                    balanced(values, mid + 1, to));
        }

        static <K extends Comparable<? super K>, V> Node<K, V> at(Node<K, V> n, int index) {
            while (true) {
                int left = size(n.left);
                if (index < left) {
                    n = n.left;
                } else if (index == left) {
                    return n;
                } else {
                    index -= left + 1;
                    n = n.right;
                }
            }
        }
    }

    /** Hash codes first (a String caches its own), then natural order: cheaper than natural order alone. */
    private static <K extends Comparable<? super K>> int compare(K a, K b) {
        int c = Integer.compare(a.hashCode(), b.hashCode());
        return c != 0 ? c : a.compareTo(b);
    }

    private static final class InOrder<K extends Comparable<? super K>, V> implements Iterator<Map.Entry<K, V>> {
        private final ArrayDeque<Node<K, V>> path = new ArrayDeque<>();

        InOrder(Node<K, V> root) {
            descendLeft(root);
        }

        private void descendLeft(Node<K, V> n) {
            for (Node<K, V> m = n; m != null; m = m.left) {
                path.push(m);
            }
        }

        @Override
        public boolean hasNext() {
            return !path.isEmpty();
        }

        @Override
        public Map.Entry<K, V> next() {
            if (path.isEmpty()) {
                throw new NoSuchElementException();
            }
            Node<K, V> n = path.pop();
            descendLeft(n.right);
            return Map.entry(n.key, n.value);
        }
    }
}
