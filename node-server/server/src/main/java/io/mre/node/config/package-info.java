/** The node's YAML configuration: {@link io.mre.node.config.NodeConfig#load} and the records it yields. */
package io.mre.node.config;
