/** Where a memory-aware node parks the objects it holds: {@link io.mre.node.store.ParkedObjectStore}. */
package io.mre.node.store;
