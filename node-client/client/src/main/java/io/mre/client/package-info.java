/**
 * The Java client of an MRE node: {@link io.mre.client.MreClient} (built with a target, TLS material and a
 * deadline), its typed errors ({@link io.mre.client.MreClientException}) and live entry streams
 * ({@link io.mre.client.WatchStream}).
 */
package io.mre.client;
