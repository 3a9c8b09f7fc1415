package io.mre.engine.decide;

/**
 * Where a node reports a plugin that threw: a policy, an advisor, an operation handler or a reentry expression
 * evaluator. The engine records the
 * outcome in the entry (a policy's REJECT "policy error: …", an advisor's failed advice, a handler's HANDLER_ERROR);
 * this is the operator's side of the same event, with the stack trace an entry must never carry. The engine stays
 * free of a logging library: the node logs (see docs/plugins.md, "When a plugin throws").
 */
@FunctionalInterface
public interface PluginFailures {
    /** What kind of plugin failed. */
    enum Kind {
        POLICY,
        ADVISOR,
        HANDLER,
        EXPRESSION
    }

    /**
     * Called once per failure, on the thread that ran the plugin; must not throw.
     *
     * @param plugin the plugin's name (a handler's: its operation)
     * @param objectId the object the plugin was deciding on or working for
     * @param stepId the step concerned, or "" when the candidate has none (a plan change)
     */
    void failed(Kind kind, String plugin, String objectId, String stepId, Throwable error);

    /** Reports nowhere (tests, tools that read the entry only). */
    PluginFailures NONE = (kind, plugin, objectId, stepId, error) -> {};
}
