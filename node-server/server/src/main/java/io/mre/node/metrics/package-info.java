/** Observability: the admin HTTP endpoint serving Prometheus metrics and the node's health. */
package io.mre.node.metrics;
