package io.mre.node.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks so that one node never runs two visits of the same object at once (a timer firing while a signal
 * arrives), without a lock object per object id.
 */
final class ObjectLocks {
    private final ReentrantLock[] stripes;

    ObjectLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String objectId) {
        return stripes[Math.floorMod(objectId.hashCode(), stripes.length)];
    }
}
