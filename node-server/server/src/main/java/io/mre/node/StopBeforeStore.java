package io.mre.node;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the set of extra {@link AutoCloseable} workers that the node stops after its runtime and before its
 * peers, plugins and store (see {@link LifecycleModule} for the whole order). The node's own parts are listed in
 * {@link LifecycleModule}; this set is for a module added to {@link NodeInjector#create}. Contribute with
 * {@code Multibinder.newSetBinder(binder(), AutoCloseable.class, StopBeforeStore.class).addBinding()...}.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface StopBeforeStore {}
