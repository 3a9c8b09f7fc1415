package io.mre.cli.report;

/** A node (or an author) and its trust domain. */
public record NodeName(String node, String domain) {
    @Override
    public String toString() {
        return node + "@" + domain;
    }
}
