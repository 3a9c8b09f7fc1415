package io.mre.node;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the set of {@link AutoCloseable} workers (e.g. the reentry scheduler) that the node stops after its
 * gRPC calls have drained and before its store closes. Contribute with
 * {@code Multibinder.newSetBinder(binder(), AutoCloseable.class, StopBeforeStore.class).addBinding()...}.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface StopBeforeStore {}
